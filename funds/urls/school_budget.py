"""A school's culture budget and spending requests (mounted at /mijn/scholen/)."""

from django.urls import path

from funds.views import school_budget as views

urlpatterns = [
    path("<int:school_pk>/budget/", views.SchoolBudgetView.as_view(), name="school_budget"),
    path(
        "<int:school_pk>/budget/machtigingen/",
        views.ApproversView.as_view(),
        name="school_approvers",
    ),
    path(
        "<int:school_pk>/jaarverslag/<int:year>/",
        views.SchoolYearReportView.as_view(),
        name="school_year_report",
    ),
    path(
        "<int:school_pk>/uitgaven/nieuw/",
        views.SpendingCreateView.as_view(),
        name="school_spending_new",
    ),
    path(
        "<int:school_pk>/uitgaven/<int:pk>/",
        views.SpendingDetailView.as_view(),
        name="school_spending",
    ),
    path(
        "<int:school_pk>/uitgaven/<int:pk>/wijzigen/",
        views.SpendingUpdateView.as_view(),
        name="school_spending_edit",
    ),
    path(
        "<int:school_pk>/uitgaven/<int:pk>/factuur/",
        views.SpendingInvoiceView.as_view(),
        name="school_spending_invoice",
    ),
    path(
        "<int:school_pk>/uitgaven/<int:pk>/<slug:step>/",
        views.SpendingStepView.as_view(),
        name="school_spending_step",
    ),
]
