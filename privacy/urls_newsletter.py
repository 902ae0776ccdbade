"""The newsletter: /nieuwsbrief/... (subscribe, confirm, unsubscribe)."""

from django.urls import path

from privacy.views import newsletter

app_name = "newsletter"

urlpatterns = [
    path("", newsletter.SubscribeView.as_view(), name="subscribe"),
    path("controleer-je-mail/", newsletter.CheckEmailView.as_view(), name="check_email"),
    path("bevestigen/<str:token>/", newsletter.ConfirmView.as_view(), name="confirm"),
    path("bevestigd/", newsletter.ConfirmedView.as_view(), name="confirmed"),
    path("afmelden/<str:token>/", newsletter.UnsubscribeView.as_view(), name="unsubscribe"),
]
