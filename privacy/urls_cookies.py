"""Cookie consent: /cookies/..."""

from django.urls import path

from privacy.views.cookies import CookieSettingsView

app_name = "cookies"

urlpatterns = [
    path("", CookieSettingsView.as_view(), name="settings"),
]
