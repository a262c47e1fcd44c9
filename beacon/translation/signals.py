"""The signal translation sends to the apps above it, so that it never imports them.

``translation_approved`` is sent after a translator approved one language of a page, before
the approved translations of a live page are published; the portal's workflow listens to move
a page waiting for its translations on (``portal.workflow.translations_approved``).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``page`` (the source page) and ``user`` (the translator who approved).
translation_approved = Signal()
