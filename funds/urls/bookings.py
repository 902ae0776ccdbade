"""Bookings of education offers: the school's side (mounted at /mijn/scholen/) and the
provider's (mounted at /mijn/aanbieders/)."""

from django.urls import path

from funds.views import bookings as views

school_urlpatterns = [
    path("boeken/<int:offer_pk>/", views.BookOfferView.as_view(), name="book_offer"),
    path(
        "<int:school_pk>/boekingen/<int:pk>/",
        views.SchoolBookingView.as_view(),
        name="school_booking",
    ),
    path(
        "<int:school_pk>/boekingen/<int:pk>/<slug:step>/",
        views.SchoolBookingStepView.as_view(),
        name="school_booking_step",
    ),
]

provider_urlpatterns = [
    path(
        "<int:provider_pk>/boekingen/",
        views.ProviderBookingListView.as_view(),
        name="provider_bookings",
    ),
    path(
        "<int:provider_pk>/boekingen/<int:pk>/",
        views.ProviderBookingView.as_view(),
        name="provider_booking",
    ),
]
