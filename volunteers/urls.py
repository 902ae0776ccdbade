"""/voorleesexpress/... and /taalpunt/...: registering, confirming, a participant's own page, and
the coordinators' workspace."""

from django.urls import path, register_converter

from volunteers.converters import ProgrammeConverter
from volunteers.programmes import PROGRAMMES, TAALPUNT
from volunteers.views import coordinator, public, taalpunt

register_converter(ProgrammeConverter, "programme")
TAALPUNT_KW = {"programme": PROGRAMMES[TAALPUNT]}

app_name = "volunteers"

urlpatterns = [
    path(
        "voorleesexpress/aanmelden/",
        public.ReadingVolunteerRegisterView.as_view(),
        name="register_voorleesexpress",
    ),
    path("taalpunt/aanmelden/", public.TaalpuntStartView.as_view(), name="register_taalpunt"),
    path(
        "taalpunt/aanmelden/deelnemer/",
        public.TaalpuntParticipantRegisterView.as_view(),
        name="register_participant",
    ),
    path(
        "taalpunt/aanmelden/vrijwilliger/",
        public.TaalpuntVolunteerRegisterView.as_view(),
        name="register_taalpunt_volunteer",
    ),
    path(
        "<programme:programme>/aanmelden/verstuurd/",
        public.RegisteredView.as_view(),
        name="registered",
    ),
    path(
        "<programme:programme>/aanmelden/bevestigen/<str:token>/",
        public.ConfirmView.as_view(),
        name="confirm",
    ),
    path("taalpunt/mijn/<str:token>/", public.OwnPageView.as_view(), name="own_page"),
    # Coordinators
    path("<programme:programme>/coordinatie/", coordinator.PersonListView.as_view(), name="list"),
    path(
        "<programme:programme>/coordinatie/<int:pk>/",
        coordinator.PersonDetailView.as_view(),
        name="detail",
    ),
    path(
        "<programme:programme>/coordinatie/<int:pk>/status/",
        coordinator.TransitionView.as_view(),
        name="transition",
    ),
    path(
        "<programme:programme>/coordinatie/<int:pk>/notitie/",
        coordinator.NoteView.as_view(),
        name="note",
    ),
    path(
        "<programme:programme>/coordinatie/<int:pk>/bewaren/",
        coordinator.KeepView.as_view(),
        name="keep",
    ),
    path(
        "<programme:programme>/coordinatie/<int:pk>/vog/", coordinator.VogView.as_view(), name="vog"
    ),
    path(
        "<programme:programme>/coordinatie/<int:pk>/koppelen/",
        coordinator.MatchView.as_view(),
        name="match",
    ),
    path(
        "<programme:programme>/coordinatie/bericht/",
        coordinator.MessageView.as_view(),
        name="message",
    ),
    path(
        "<programme:programme>/coordinatie/berichten/",
        coordinator.MessageLogView.as_view(),
        name="messages",
    ),
    # The Taalpunt's own work
    path(
        "taalpunt/coordinatie/activiteiten/",
        taalpunt.ActivityListView.as_view(),
        TAALPUNT_KW,
        name="activities",
    ),
    path(
        "taalpunt/coordinatie/activiteiten/<int:pk>/",
        taalpunt.ActivityDetailView.as_view(),
        TAALPUNT_KW,
        name="activity",
    ),
    path(
        "taalpunt/coordinatie/sessies/<int:pk>/",
        taalpunt.AttendanceView.as_view(),
        TAALPUNT_KW,
        name="attendance",
    ),
    path(
        "taalpunt/coordinatie/statistiek/",
        taalpunt.StatisticsView.as_view(),
        TAALPUNT_KW,
        name="statistics",
    ),
]
