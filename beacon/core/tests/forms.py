"""Read the forms of an admin page as a browser would submit them, for tests that post them."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects each form's successful controls (name → values), as a browser would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attr.get("name", "")
        if tag == "input" and name and "disabled" not in attr:
            kind = attr.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._form.setdefault(name, []).append(attr.get("value", default))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            # A multiple select sends nothing when nothing is selected; a single one its first.
            self._select_chosen = "multiple" in attr
            self._form.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            value = attr.get("value")
            self._option = value
            self._text = []
            if value is not None:
                self._keep_option(value, "selected" in attr)

    def _keep_option(self, value: str, selected: bool) -> None:
        assert self._form is not None and self._select is not None
        if self._select_first is None:
            self._select_first = value
        if selected:
            self._select_chosen = True
            self._form[self._select].append(value)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None or (self._select is not None and self._option is None):
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form.setdefault(self._textarea, []).append("".join(self._text).lstrip("\n"))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form[self._select].append(self._select_first)
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[dict[str, list[str]]]:
    """Every form of the page, each as the data a browser would post unchanged."""
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def main_form(html: str) -> dict[str, list[str]]:
    """The page's biggest form (the editor on an edit page), or an empty one."""
    return max(forms_of(html), key=len, default={})
