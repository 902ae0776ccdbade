"""/programma/... for visitors (sign up, a sign-up's own page by its token, contests) and
/mijn/programma/... for the programme staff. Included before Wagtail's catch-all, so these
paths win over the programme's pages."""

from django.urls import path

from programme.views import public, staff

app_name = "programme"

urlpatterns = [
    path("programma/aanmelden/<int:pk>/", public.SignupFormView.as_view(), name="signup_form"),
    path("programma/afmelden/<str:token>/", public.SignupView.as_view(), name="signup"),
    path("programma/meedoen/<int:pk>/", public.ContestEntryView.as_view(), name="contest_entry"),
    path("mijn/programma/", staff.ActivityListView.as_view(), name="staff_activities"),
    path("mijn/programma/rapportage/", staff.ReportView.as_view(), name="staff_report"),
    path("mijn/programma/<int:pk>/", staff.ActivityView.as_view(), name="staff_activity"),
    path("mijn/programma/<int:pk>/deurlijst.pdf", staff.DoorListView.as_view(), name="door_list"),
    path("mijn/programma/<int:pk>/inzendingen/", staff.ContestView.as_view(), name="staff_contest"),
]
