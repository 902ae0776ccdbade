"""Funds URLs: applicant (see funds/urls/__init__.py), under /mijn/aanvragen/.

Ids only in the paths: no names, no personal data."""

from django.urls import path

from funds.services import applying
from funds.views import applicant as views

urlpatterns = [
    path("ronde/<int:round_pk>/", views.ApplyView.as_view(), name="apply"),
    path("<int:pk>/", views.OverviewView.as_view(), name="application"),
    path(
        "<int:pk>/aanvrager/",
        views.ModelStepView.as_view(step=applying.STEP_APPLICANT),
        name="application_applicant",
    ),
    path(
        "<int:pk>/project/",
        views.ModelStepView.as_view(step=applying.STEP_PROJECT),
        name="application_project",
    ),
    path("<int:pk>/begroting/", views.BudgetStepView.as_view(), name="application_budget"),
    path("<int:pk>/vragen/", views.QuestionsStepView.as_view(), name="application_questions"),
    path("<int:pk>/bijlagen/", views.AttachmentsStepView.as_view(), name="application_attachments"),
    path(
        "<int:pk>/betaling/",
        views.ModelStepView.as_view(step=applying.STEP_PAYEE),
        name="application_payee",
    ),
    path("<int:pk>/controleren/", views.ReviewView.as_view(), name="application_review"),
    path("<int:pk>/indienen/", views.SubmitView.as_view(), name="application_submit"),
    path("<int:pk>/aanvraag.pdf", views.ApplicationPdfView.as_view(), name="application_pdf"),
    path(
        "<int:pk>/bijlagen/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(
        "<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("<int:pk>/intrekken/", views.WithdrawView.as_view(), name="application_withdraw"),
    path("<int:pk>/antwoorden/", views.AnswerView.as_view(), name="application_answer"),
]
