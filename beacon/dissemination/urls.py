from __future__ import annotations

from django.urls import path

from beacon.dissemination import feeds

urlpatterns = [
    path("<int:channel_id>/ninjs.json", feeds.ninjs_feed, name="dissemination-feed-ninjs"),
    path("<int:channel_id>/atom.xml", feeds.atom_feed, name="dissemination-feed-atom"),
]
