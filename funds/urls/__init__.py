"""The funds' pages outside the admin, one module per kind of person or area:
applicant and report (/mijn/aanvragen/...), school_letters (/mijn/scholen/...), review
(/beoordelen/...), staff, staff_assessment and staff_decisions (/fondsbeheer/...)."""

from django.urls import include, path

from funds.urls import (
    applicant,
    bookings,
    report,
    review,
    school_budget,
    school_letters,
    staff,
    staff_assessment,
    staff_decisions,
    staff_education,
)

app_name = "funds"

urlpatterns = [
    path("mijn/aanvragen/", include(applicant.urlpatterns)),
    path("mijn/aanvragen/", include(report.urlpatterns)),
    path("mijn/scholen/", include(school_letters.urlpatterns)),
    path("mijn/scholen/", include(school_budget.urlpatterns)),
    path("mijn/scholen/", include(bookings.school_urlpatterns)),
    path("mijn/aanbieders/", include(bookings.provider_urlpatterns)),
    path("beoordelen/", include(review.urlpatterns)),
    path("fondsbeheer/", include(staff.urlpatterns)),
    path("fondsbeheer/", include(staff_assessment.urlpatterns)),
    path("fondsbeheer/", include(staff_decisions.urlpatterns)),
    path("fondsbeheer/", include(staff_education.urlpatterns)),
]
