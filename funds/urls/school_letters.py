"""Funds URLs under /mijn/scholen/ (see funds/urls/__init__.py): a school's allocation letters."""

from django.urls import path

from funds.views import school_letters as views

urlpatterns = [
    path(
        "<int:school_pk>/toewijzingsbrieven/<int:pk>/",
        views.SchoolAllocationLetterView.as_view(),
        name="allocation_letter",
    ),
]
