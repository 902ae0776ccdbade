"""Payments URLs (mounted at /betalingen/, app_name "payments")."""

from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("", views.PaymentListView.as_view(), name="list"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch"),
    path(
        "batches/<int:pk>/xlsx/",
        views.BatchExportView.as_view(kind="xlsx"),
        name="batch_xlsx",
    ),
    path(
        "batches/<int:pk>/sepa/",
        views.BatchExportView.as_view(kind="sepa"),
        name="batch_sepa",
    ),
    path(
        "batches/<int:pk>/verzonden/",
        views.BatchStepView.as_view(step="exported"),
        name="batch_exported",
    ),
    path(
        "batches/<int:pk>/betaald/",
        views.BatchStepView.as_view(step="paid"),
        name="batch_paid",
    ),
]
