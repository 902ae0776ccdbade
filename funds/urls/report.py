"""Funds URLs: report (see funds/urls/__init__.py), under /mijn/aanvragen/: the grantee's report
and the letters about an application."""

from django.urls import path

from funds.views import report as views

urlpatterns = [
    path("<int:pk>/verantwoording/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/brieven/<int:letter_pk>/", views.LetterView.as_view(), name="letter"),
]
