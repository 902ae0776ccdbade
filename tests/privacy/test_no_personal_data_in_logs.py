"""No email address or name reaches the server log, through every flow that handles them.

Captures every log record (the root, "django" and "portal" loggers set to DEBUG, the ones that
do not propagate to the root logger included; "django.template" and "django.db.backends" keep the
INFO level the settings pin them to, because at DEBUG they log template contexts and query
parameters) while a person signs up, logs in (also wrongly), is invited and accepts,
subscribes to and unsubscribes from the newsletter, looks at and downloads their data, asks for
a correction and for erasure, while staff open their records (and a role outside the purpose is
refused), the privacy officer carries out the erasure and retention runs.
"""

import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command

from portal.models import User
from portal.roles import Role
from privacy.models import ConsentText, DataSubjectRequest, NewsletterIssue, NewsletterList
from privacy.newsletter import send_issue
from schools.models import SchoolMembership, SchoolRole
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zebedeüs", "Quibbleworth"
EMAIL = "zebedeus.quibbleworth@voorbeeld.test"
OTHER_EMAIL = "x.invitee-person@voorbeeld.test"
PERSONAL = [FIRST, LAST, "zebedeus", "quibbleworth", "invitee-person", "@voorbeeld.test"]


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(logging.Formatter("%(name)s %(levelname)s %(message)s").format(record))


@pytest.fixture
def server_log():
    capture = Capture()
    loggers = [logging.getLogger(name) for name in ("", "django", "django.request", "portal")]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(capture)
        logger.setLevel(logging.DEBUG)
    yield capture
    for logger, level in saved:
        logger.removeHandler(capture)
        logger.setLevel(level)


def link(message, path_prefix):
    return re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body).group(1)


def test_no_email_address_or_name_in_the_server_log(client, server_log, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # Sign up (first with an error), confirm the address, log in wrongly, then rightly.
    client.post("/account/signup/", {"first_name": FIRST, "email": EMAIL, "password1": "x"})
    client.post(
        "/account/signup/",
        {
            "first_name": FIRST,
            "last_name": LAST,
            "email": EMAIL,
            "password1": "Lange-zin-voor-Zeb-42",
            "password2": "Lange-zin-voor-Zeb-42",
        },
    )
    client.post(link(mail.outbox[-1], "/account/confirm-email/"))
    client.post("/account/logout/")
    client.post("/account/login/", {"login": EMAIL, "password": "fout"})
    client.post("/account/login/", {"login": EMAIL, "password": "Lange-zin-voor-Zeb-42"})
    person = User.objects.get(email=EMAIL)

    # An invitation: sent by a director, a forged link, the real one accepted.
    school = SchoolFactory()
    director = SchoolMembershipFactory(school=school, role=SchoolRole.DIRECTIE).user
    client.force_login(director)
    client.post(f"/mijn/scholen/{school.pk}/", {"email": EMAIL, "role": "vakdocent"})
    accept_path = link(mail.outbox[-1], "/uitnodiging/")
    client.force_login(person)
    client.get("/uitnodiging/not-a-real-token/")
    client.post(accept_path, {"action": "accept"})
    assert SchoolMembership.objects.filter(school=school, user=person).exists()

    # The newsletter: subscribe, confirm, receive an issue, unsubscribe with one click.
    newsletter = NewsletterList.objects.first()
    client.post(
        "/nieuwsbrief/",
        {
            "email": EMAIL,
            "newsletters": [newsletter.pk],
            "consent": "on",
            "consent_version": ConsentText.current("newsletter").version,
        },
    )
    client.post(link(mail.outbox[-1], "/nieuwsbrief/bevestigen/"))
    issue = NewsletterIssue.objects.create(
        newsletter=newsletter, subject="Nieuws", body="<p>Hoi</p>"
    )
    send_issue(issue, "http://testserver")
    client.post(link(mail.outbox[-1], "/nieuwsbrief/afmelden/"))

    # My data: the page, both downloads, a correction and an erasure request.
    client.force_login(person)
    client.get("/mijn/gegevens/")
    client.get("/mijn/gegevens/export.json")
    client.get("/mijn/gegevens/export.pdf")
    client.post("/mijn/gegevens/verzoek/correctie/", {"explanation": f"Ik heet {FIRST} {LAST}"})
    client.post("/mijn/gegevens/verwijderen/", {"confirm": "on", "explanation": LAST})

    # Staff open the person's membership; a role outside the purpose is refused.
    membership = SchoolMembership.objects.get(user=person)
    client.force_login(UserFactory(groups=[Role.FUND_MANAGER]))
    client.get("/admin/schools/members/")
    client.get(f"/admin/schools/members/edit/{membership.pk}/")
    client.force_login(UserFactory(groups=[Role.COORDINATOR_TAALPUNT]))
    assert client.get(f"/admin/schools/members/edit/{membership.pk}/").status_code == 403

    # The privacy officer carries out the erasure; retention runs.
    client.force_login(UserFactory(groups=[Role.PRIVACY_OFFICER]))
    erasure = DataSubjectRequest.objects.get(kind="erasure")
    client.get(f"/admin/data_subject_requests/erase/{erasure.pk}/")
    client.post(f"/admin/data_subject_requests/erase/{erasure.pk}/", {"confirm": "on"})
    assert not User.objects.filter(email=EMAIL).exists()
    call_command("run_periodic", job="apply_retention", force=True)

    # The flows did log (requests refused, not found, the erasure): but nothing personal.
    assert server_log.lines
    logged = "\n".join(server_log.lines).lower()
    for value in PERSONAL:
        assert value.lower() not in logged, value


def test_template_contexts_and_query_parameters_are_never_logged():
    django_logger = logging.getLogger("django")
    level = django_logger.level
    django_logger.setLevel(logging.DEBUG)
    try:
        assert logging.getLogger("django.template").getEffectiveLevel() >= logging.INFO
        assert logging.getLogger("django.db.backends").getEffectiveLevel() >= logging.INFO
    finally:
        django_logger.setLevel(level)


def test_no_name_or_address_in_the_log_when_allocation_letters_go_to_the_directie(
    client, server_log, django_capture_on_commit_callbacks
):
    """Confirming and correcting a school's allocation mails its letter to the directie, by
    name and address: none of it reaches the log (the audit entries hold amounts only)."""
    import datetime

    from funds.models.education import Allocation
    from funds.services import allocation as service
    from tests.factories.education import PhaseAssessmentFactory, PupilCountFactory
    from tests.funds.test_allocation import scheme_with_rates

    school = SchoolFactory()
    PupilCountFactory(school=school, pupils=200, count_date=datetime.date(2026, 2, 1))
    PhaseAssessmentFactory(school=school, phase=2, first_year=2027)
    director = UserFactory(first_name=FIRST, last_name=LAST, email=EMAIL)
    SchoolMembershipFactory(school=school, user=director, role=SchoolRole.DIRECTIE)
    manager = UserFactory(groups=[Role.FUND_MANAGER])
    client.force_login(manager)
    service.allocate(scheme_with_rates(), manager)
    allocation = Allocation.objects.get(school=school)
    server_log.lines.clear()  # from here on: the portal, not the test's factories
    admin = "/admin/fonds-cultuureducatie/allocations/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{admin}confirm/{allocation.pk}/", {"confirm": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{admin}correct/{allocation.pk}/",
            {"amount": "7500", "reason": "Nagekomen leerlingen"},
        )
    assert [message.to for message in mail.outbox] == [[EMAIL], [EMAIL]]  # both letters went

    client.force_login(director)
    client.get(f"/mijn/scholen/{school.pk}/")
    client.get(f"/mijn/scholen/{school.pk}/toewijzingsbrieven/999999/")  # not found: logged
    assert server_log.lines
    logged = "\n".join(server_log.lines).lower()
    for value in PERSONAL:
        assert value.lower() not in logged, value


def test_no_name_or_address_of_anyone_in_the_log_through_the_whole_demo(client, server_log):
    """The demo runs every app's flows through their own services (applications and reviews,
    budgets, spending and bookings, payments, offers and moderation, volunteers, sign-ups and
    contributors, retention); then every demo login opens Mijn portaal, their data and the
    staff screens of each app (refused where the role has no business: that is logged too). No
    full name or email address of any person in the database is in the log."""
    from django.core.management import call_command

    from portal.demo import DEMO_LOGINS, email

    call_command("load_demo", quiet_logins=True)
    for login, *_rest in DEMO_LOGINS:
        client.force_login(User.objects.get(email=email(login)))
        for url in (
            "/mijn/",
            "/mijn/gegevens/",
            "/fondsbeheer/",
            "/fondsbeheer/cultuureducatie/",
            "/betalingen/",
            "/mijn/programma/",
            "/mijn/programma/bijdragers/",
            "/voorleesexpress/coordinatie/",
            "/taalpunt/coordinatie/",
        ):
            client.get(url)
    personal = set()
    for user in User.objects.exclude(email=""):
        personal.add(user.email.lower())
        if user.first_name and user.last_name:
            personal.add(f"{user.first_name} {user.last_name}".lower())
    assert len(personal) > 50  # the demo's people, so the check below checks something
    assert server_log.lines
    logged = "\n".join(line for line in server_log.lines if not line.startswith("factory"))
    leaked = sorted(value for value in personal if value in logged.lower())
    assert leaked == []
