"""The analyst's screens, mounted in the admin under /admin/factbase/."""

from __future__ import annotations

from django.urls import path

from beacon.factbase import admin_views

app_name = "factbase"

urlpatterns = [
    path("", admin_views.inbox, name="inbox"),
    path("claims/add/", admin_views.add_claim, name="add_claim"),
    path("claims/<int:pk>/", admin_views.claim_detail, name="claim"),
    path("claims/<int:pk>/match/", admin_views.claim_match, name="claim_match"),
    path("claims/<int:pk>/reject/", admin_views.claim_reject, name="claim_reject"),
    path(
        "claims/<int:pk>/request-fact/", admin_views.claim_request_fact, name="claim_request_fact"
    ),
    path("claims/<int:pk>/respond/", admin_views.claim_respond, name="claim_respond"),
    path(
        "claims/<int:pk>/candidates/<int:candidate_pk>/<str:decision>/",
        admin_views.candidate_decide,
        name="candidate_decide",
    ),
    path("requests/", admin_views.fact_requests, name="requests"),
    path("responses/", admin_views.responses, name="responses"),
    path("facts/due/", admin_views.facts_due, name="due"),
    path("facts/<int:pk>/retire/", admin_views.fact_retire, name="fact_retire"),
]
