"""The outreach app and its place in the permission table.

==============  ==================  ===================  ==================  ==================
role            outreach_partners   outreach_events      outreach_press      outreach_stories
                (partners, their    (events, their        (press requests:    (community
                contacts, lists)    registrations,        draft / review)     stories)
                                    check-in)
==============  ==================  ===================  ==================  ==================
coordinator     all / all           all / all            all / all, reviews  all / all
officer         own / own           own / own            own / own (drafts)  none
editor          all / none          all / none           none                own / own
reviewer        none                none                 own / own, reviews  none
others          none                none                 none                none
==============  ==================  ===================  ==================  ==================

"own" is the agencies where the person holds the role and their units. Contacts and
registrations are personal data: they are seen only by those who may write the partner or the
event. A press answer is drafted by an officer and sent only after a reviewer or the
coordinator approves it (``outreach_press_review``, write).
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "beacon.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from beacon.outreach import access

        access.register()
