"""The contributors' pages, mounted at /mijn/programma/ (app_name "contributors")."""

from django.urls import path

from programme import views_contributors as views

app_name = "contributors"

urlpatterns = [
    # The contributor's own.
    path("bijdragen/", views.MyContributionsView.as_view(), name="mine"),
    path("bijdragen/<int:pk>/", views.MyContributionView.as_view(), name="mine_detail"),
    path(
        "bijdragen/<int:pk>/akkoord/",
        views.AcceptAgreementView.as_view(),
        name="accept_agreement",
    ),
    path(
        "bijdragen/<int:pk>/overeenkomst/",
        views.ContributionFileView.as_view(kind="agreement"),
        name="agreement",
    ),
    path(
        "bijdragen/<int:pk>/foto/",
        views.ContributionFileView.as_view(kind="photo"),
        name="photo",
    ),
    path(
        "bijdragen/<int:pk>/factuur/",
        views.ContributionFileView.as_view(kind="invoice"),
        name="invoice",
    ),
    # Public: an approved photo, by an opaque id.
    path("foto/<uuid:public_id>/", views.PublicPhotoView.as_view(), name="public_photo"),
    # Programme staff.
    path("planning/", views.PlanningView.as_view(), name="planning"),
    path("bijdragers/", views.StaffListView.as_view(), name="staff_list"),
    path("bijdragers/<int:pk>/", views.StaffContributionView.as_view(), name="staff_detail"),
    path(
        "bijdragers/<int:pk>/stap/<slug:step>/",
        views.StaffStepView.as_view(),
        name="step",
    ),
    path(
        "bijdragers/<int:pk>/actie/<slug:action>/",
        views.StaffActionView.as_view(),
        name="action",
    ),
    path(
        "activiteiten/<int:activity_pk>/",
        views.ActivityContributorsView.as_view(),
        name="activity",
    ),
]
