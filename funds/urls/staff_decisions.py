"""Funds URLs: staff_decisions (see funds/urls/__init__.py), under /fondsbeheer/."""

from django.urls import path

from funds.views import staff_decisions as views

urlpatterns = [
    path("aanvragen/<int:pk>/toekennen/", views.GrantView.as_view(), name="decision_grant"),
    path("aanvragen/<int:pk>/afwijzen/", views.RejectView.as_view(), name="decision_reject"),
    path("aanvragen/<int:pk>/vaststellen/", views.SettleView.as_view(), name="decision_settle"),
    path(
        "aanvragen/<int:pk>/terugbetaald/<int:instalment_pk>/",
        views.ReclaimReceivedView.as_view(),
        name="reclaim_received",
    ),
    path(
        "rondes/<int:round_pk>/besluiten/",
        views.BatchDecisionView.as_view(),
        name="decision_batch",
    ),
]
