"""Funds URLs: review, mounted at /beoordelen/ (see funds/urls/__init__.py)."""

from django.urls import path

from funds.views import review

urlpatterns = [
    path("", review.ReviewListView.as_view(), name="review_list"),
    path("<int:pk>/", review.ReviewView.as_view(), name="review"),
    path("<int:pk>/verklaring/", review.DeclareView.as_view(), name="review_declare"),
    path("<int:pk>/notities/", review.ReviewNoteView.as_view(), name="review_note"),
]
