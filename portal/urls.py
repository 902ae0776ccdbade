from django.conf import settings
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.views.invitations import InvitationAnswerView, InvitationView
from portal.views.mijn import DashboardView, ProfileView

mijn_patterns = (
    [
        path("", DashboardView.as_view(), name="dashboard"),
        path("account/", ProfileView.as_view(), name="profile"),
        path(
            "uitnodigingen/<slug:kind>/<int:pk>/",
            InvitationAnswerView.as_view(),
            name="invitation_answer",
        ),
    ],
    "mijn",
)

urlpatterns = [
    # One login for the whole portal, the admin included: allauth's, with its rate limits and
    # two-factor step.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("uitnodiging/<str:token>/", InvitationView.as_view(), name="invitation_accept"),
    path("mijn/", include(mijn_patterns)),
    path("mijn/scholen/", include("schools.urls")),
    path("mijn/aanbieders/", include("listings.urls.mijn")),
    path("mijn/programma/", include("programme.urls_contributors")),
    path("aanbieders/", include("listings.urls.public")),
    path("api/", include("listings.urls.api")),
    path("mijn/gegevens/", include("privacy.urls")),
    path("nieuwsbrief/", include("privacy.urls_newsletter")),
    path("cookies/", include("privacy.urls_cookies")),
    path("betalingen/", include("payments.urls")),
    path("", include("programme.urls")),
    path("", include("volunteers.urls")),
    path("", include("funds.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
