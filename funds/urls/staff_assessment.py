"""Funds URLs: staff_assessment, mounted at /fondsbeheer/ (see funds/urls/__init__.py).

The fund manager's assessment actions, POSTed from the staff application page."""

from django.urls import path

from funds.views import staff_assessment as views

urlpatterns = [
    path(
        "aanvragen/<int:pk>/screening/compleet/",
        views.ScreenCompleteView.as_view(),
        name="staff_screen_complete",
    ),
    path(
        "aanvragen/<int:pk>/screening/aanvullen/",
        views.AskMoreInfoView.as_view(),
        name="staff_ask_more_info",
    ),
    path(
        "aanvragen/<int:pk>/beoordelaars/toewijzen/",
        views.AssignReviewerView.as_view(),
        name="staff_assign_reviewer",
    ),
    path(
        "aanvragen/<int:pk>/beoordelaars/<int:assignment_pk>/intrekken/",
        views.UnassignReviewerView.as_view(),
        name="staff_unassign_reviewer",
    ),
    path(
        "aanvragen/<int:pk>/notities/",
        views.AddNoteView.as_view(),
        name="staff_add_note",
    ),
    path(
        "aanvragen/<int:pk>/berichten/",
        views.SendMessageView.as_view(),
        name="staff_send_message",
    ),
]
