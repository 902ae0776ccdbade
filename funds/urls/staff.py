"""Funds URLs: the fund managers' overview, round dashboards and application page
(mounted at /fondsbeheer/; see funds/urls/__init__.py)."""

from django.urls import path

from funds.views import staff

urlpatterns = [
    path("", staff.OverviewView.as_view(), name="staff_overview"),
    path("export/", staff.ExportView.as_view(), name="staff_overview_export"),
    path("rondes/<int:pk>/", staff.RoundView.as_view(), name="staff_round"),
    path("aanvragen/<int:pk>/", staff.ApplicationView.as_view(), name="staff_application"),
]
