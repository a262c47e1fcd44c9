from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """One place Beacon delivers to: the national portal, a partner, the kiosks, a list, an account.

    ``config`` holds the adapter's settings (an endpoint, a list, an account name); a secret is
    never stored here, only the name of the environment variable that holds it.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Language codes this channel carries; empty means every content language."),
    )
    config = models.JSONField(_("settings"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def carries(self, language: str) -> bool:
        return not self.languages or language in self.languages
