"""The fund managers' pages of the Fonds Cultuureducatie (mounted at /fondsbeheer/)."""

from django.urls import path

from funds.views import staff_education as views

urlpatterns = [
    path("cultuureducatie/", views.EducationOverviewView.as_view(), name="staff_education"),
    path(
        "cultuureducatie/export/",
        views.EducationOverviewExportView.as_view(),
        name="staff_education_export",
    ),
    path(
        "cultuureducatie/uitgaven/",
        views.SpendingQueueView.as_view(),
        name="staff_spending_queue",
    ),
    path(
        "cultuureducatie/uitgaven/<int:pk>/",
        views.StaffSpendingView.as_view(),
        name="staff_spending",
    ),
    path(
        "cultuureducatie/uitgaven/<int:pk>/factuur/",
        views.StaffSpendingInvoiceView.as_view(),
        name="staff_spending_invoice",
    ),
    path(
        "cultuureducatie/uitgaven/<int:pk>/<slug:step>/",
        views.StaffSpendingStepView.as_view(),
        name="staff_spending_step",
    ),
    path(
        "cultuureducatie/scholen/<int:school_pk>/jaarverslag/<int:year>/",
        views.StaffYearReportView.as_view(),
        name="staff_year_report",
    ),
]
