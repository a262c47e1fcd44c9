from __future__ import annotations

from beacon.lib.sanitise import plain_text, sanitise_html


def test_it_removes_scripts_handlers_and_javascript_urls() -> None:
    hostile = (
        '<p onclick="steal()">Hà Nội<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">x</a><iframe src="https://evil.example"></iframe>'
        '<img src="x" onerror="alert(3)"><style>body{display:none}</style>'
    )
    clean = sanitise_html(hostile)
    for needle in ("script", "onclick", "javascript:", "iframe", "onerror", "style", "alert"):
        assert needle not in clean
    assert "<p>Hà Nội</p>" in clean


def test_it_keeps_structure_and_marks_links() -> None:
    clean = sanitise_html(
        '<h2>Tin</h2><p><a href="https://hanoi.gov.vn">Cổng</a></p><ul><li>1</li></ul>'
    )
    assert "<h2>Tin</h2>" in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "<ul><li>1</li></ul>" in clean


def test_it_gives_plain_text() -> None:
    assert plain_text("<b>Hà</b> <i>Nội</i><script>x()</script>") == "Hà Nội"


def test_it_gives_text_unescaped_once() -> None:
    assert plain_text("AT&amp;T <b>says</b> 5 &lt; 6") == "AT&T says 5 < 6"
