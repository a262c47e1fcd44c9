"""The analyst's screens, mounted in the admin under /admin/factbase/."""

from __future__ import annotations

from django.urls import path

from beacon.factbase import views

app_name = "factbase"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("claims/add/", views.add_claim, name="add_claim"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/match/", views.claim_match, name="claim_match"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("claims/<int:pk>/request-fact/", views.claim_request_fact, name="claim_request_fact"),
    path("claims/<int:pk>/respond/", views.claim_respond, name="claim_respond"),
    path(
        "claims/<int:pk>/candidates/<int:candidate_pk>/<str:decision>/",
        views.candidate_decide,
        name="candidate_decide",
    ),
    path("requests/", views.fact_requests, name="requests"),
    path("responses/", views.responses, name="responses"),
    path("facts/due/", views.facts_due, name="due"),
    path("facts/<int:pk>/retire/", views.fact_retire, name="fact_retire"),
]
