"""The sign-up pages as visitors and programme staff use them: the block on the activity's page,
the form (errors on the field, nothing lost), the sign-up's own page by its random link (GET
shows, POST cancels), the staff's pages with their permissions as a table, the door list PDF,
the report and its XLSX, and the retention job destroying sign-ups after the activity while the
report's counts stay."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from privacy.models import AccessLogEntry
from programme import reports, signups
from programme.models import ContestEntry, SignUp, SignupStatus
from tests.factories.portal import UserFactory
from tests.factories.programme import ActivityFactory, paid, programmer, sign_up

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.now().replace(microsecond=0) + timedelta(days=days)


def form_url(activity):
    return reverse("programme:signup_form", args=[activity.pk])


def test_the_activity_page_shows_own_programme_and_the_places_left_per_session(client):
    activity = ActivityFactory(sessions=[(in_days(3), 2), (in_days(10), 5)])
    sign_up(activity, n=1, places=2)
    page = client.get(activity.url).text
    assert "Eigen programma" in page
    assert "Vol" in page and "5 plaatsen vrij" in page
    assert form_url(activity) in page
    assert "vernietigen" in page


def test_signing_up_by_the_form_sends_the_confirmation_with_a_random_cancel_link(
    client, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(sessions=[(in_days(3), 10)])
    session = activity.sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(activity),
            {"session": session.pk, "name": "Sanne", "email": "sanne@example.org", "places": 2},
        )
    signup = SignUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/programma/afmelden/{signup.token}/"
    assert "sanne" not in response["Location"]
    assert (signup.places, signup.status) == (2, SignupStatus.CONFIRMED)
    (message,) = mail.outbox
    assert message.to == ["sanne@example.org"]
    assert f"/programma/afmelden/{signup.token}/" in message.body
    assert "vernietigen" in message.body
    page = client.get(response["Location"]).text
    assert "Sanne" in page and "Afmelden" in page


def test_bad_input_gets_a_message_on_the_field_and_keeps_what_was_entered(client):
    activity = ActivityFactory(sessions=[(in_days(3), 3)], max_places_per_signup=4)
    sign_up(activity, n=1, places=2)
    session = activity.sessions.get()
    response = client.post(
        form_url(activity),
        {"session": session.pk, "name": "Ahmed Yilmaz", "email": "geen-adres", "places": 2},
    )
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in response.text
    assert 'value="Ahmed Yilmaz"' in response.text
    response = client.post(
        form_url(activity),
        {"session": session.pk, "name": "Ahmed Yilmaz", "email": "a@example.org", "places": 2},
    )
    assert "Er zijn nog maar 1 plaats(en) vrij" in response.text
    assert 'value="a@example.org"' in response.text
    assert SignUp.objects.count() == 1


def test_child_details_are_asked_only_when_the_activity_needs_them(client):
    plain = ActivityFactory()
    children = ActivityFactory(asks_child_details=True)
    assert "child_first_name" not in client.get(form_url(plain)).text
    response = client.post(
        form_url(children),
        {
            "session": children.sessions.get().pk,
            "name": "Ouder",
            "email": "ouder@example.org",
            "places": 1,
        },
    )
    assert response.status_code == 200
    assert "child_first_name" in response.text
    assert "Dit is een verplicht veld." in response.text


def test_the_cancel_link_shows_a_page_on_get_and_cancels_only_on_post(
    client, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(sessions=[(in_days(3), 1)])
    first = sign_up(activity, n=1)
    waiting = sign_up(activity, n=2)
    url = reverse("programme:signup", args=[first.token])
    assert client.get(url).status_code == 200
    first.refresh_from_db()
    assert first.status == SignupStatus.CONFIRMED  # a mail scanner's GET changes nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Je bent afgemeld" in response.text
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == (SignupStatus.CANCELLED, SignupStatus.CONFIRMED)
    assert [m.to for m in mail.outbox] == [["deelnemer2@example.org"]]
    assert client.get("/programma/afmelden/verzonnen/").status_code == 404


def test_entering_a_contest_and_announcing_the_winners_names_nobody_in_public(
    client, django_capture_on_commit_callbacks
):
    contest = ActivityFactory(leisure_kind="contest", contest_closes_at=in_days(2))
    url = reverse("programme:contest_entry", args=[contest.pk])
    client.post(url, {"name": "Lotte", "email": "lotte@example.org", "answer": "De Peperbus"})
    again = client.post(url, {"name": "Lotte", "email": "lotte@example.org", "answer": "Nog een"})
    assert "al meegedaan" in again.text
    assert ContestEntry.objects.count() == 1
    contest.contest_closes_at = timezone.now() - timedelta(minutes=1)
    contest.save()
    staff = programmer()
    client.force_login(staff)
    entry = ContestEntry.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programme:staff_contest", args=[contest.pk]), {"winner": [entry.pk]})
    assert [m.to for m in mail.outbox] == [["lotte@example.org"]]
    client.logout()
    page = client.get(contest.url).text
    assert "De winnaars zijn per e-mail bericht" in page
    assert "Lotte" not in page


# --- staff ----------------------------------------------------------------------------------

STAFF_VIEWS = ["staff_activities", "staff_report", "staff_activity", "door_list", "staff_contest"]


def staff_url(name, activity):
    if name in ("staff_activities", "staff_report"):
        return reverse(f"programme:{name}")
    return reverse(f"programme:{name}", args=[activity.pk])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("visitor", 403),
        ("fund_manager", 403),
        ("coordinator", 403),
        ("programmer", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("view", STAFF_VIEWS)
def test_only_programme_staff_and_superusers_see_the_sign_ups(client, who, expected, view):
    from django.contrib.auth.models import Group

    from portal.roles import Role

    activity = ActivityFactory(leisure_kind="contest")
    sign_up(activity, n=1)
    users = {
        "visitor": lambda: UserFactory(),
        "fund_manager": lambda: UserFactory(
            is_staff=True, groups=[Group.objects.get(name=Role.FUND_MANAGER)]
        ),
        "coordinator": lambda: UserFactory(
            is_staff=True, groups=[Group.objects.get(name=Role.COORDINATOR_TAALPUNT)]
        ),
        "programmer": programmer,
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(staff_url(view, activity))
    assert response.status_code == expected
    if expected == 200 and view in ("staff_activity", "door_list", "staff_contest"):
        assert AccessLogEntry.objects.filter(purpose="programma-deelnemers").exists()


def test_staff_see_when_the_data_is_destroyed_and_mark_payment_and_attendance(client):
    activity = paid(sessions=[(in_days(3), 10)])
    signup = sign_up(activity, n=1, places=2)
    client.force_login(programmer())
    listing = client.get(reverse("programme:staff_activities")).text
    destroyed = signups.destroyed_on(activity.sessions.get().end)
    assert activity.title in listing
    assert f"{destroyed.day} " in listing
    url = reverse("programme:staff_activity", args=[activity.pk])
    assert "deelnemer1@example.org" in client.get(url).text
    client.post(url, {"signup": signup.pk, "action": "paid"})
    client.post(url, {"signup": signup.pk, "action": "attended"})
    signup.refresh_from_db()
    assert (signup.payment_status, signup.attended) == ("paid", True)
    changes = AccessLogEntry.objects.filter(action="change", object_id=str(signup.pk))
    assert changes.count() == 2
    client.post(url, {"signup": signup.pk, "action": "verzin-iets"})  # changes nothing
    assert changes.count() == 2
    pdf = client.get(reverse("programme:door_list", args=[activity.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_staff_list_and_report_take_the_same_queries_for_2_or_14_activities(client):
    def add(count, offset):
        for n in range(count):
            activity = ActivityFactory(sessions=[(in_days(3 + n), 5), (in_days(4 + n), 5)])
            sign_up(activity, n=offset + n)

    client.force_login(programmer())
    add(2, 0)
    urls = [reverse("programme:staff_activities"), reverse("programme:staff_report")]
    for url in urls:
        client.get(url)  # the first request of a session also reads the session and the site
    few = [queries_for(client, url) for url in urls]
    add(12, 100)
    many = [queries_for(client, url) for url in urls]
    assert many == few


def test_the_report_exports_xlsx(client):
    from openpyxl import load_workbook

    activity = paid(sessions=[(in_days(3), 10)])
    signups.set_paid(sign_up(activity, n=1, places=2), True)
    client.force_login(programmer())
    response = client.get(reverse("programme:staff_report"), {"format": "xlsx"})
    assert response["Content-Type"] == reports.XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == activity.title
    header = rows[0]
    assert rows[1][header.index("Inkomsten (€)")] == 15
    assert rows[1][header.index("Kosten uitvoerenden (€)")] == 0


def test_the_report_page_shows_amounts_and_occupancy_like_the_rest_of_the_portal(client):
    activity = paid(sessions=[(in_days(3), 3)])
    signups.set_paid(sign_up(activity, n=1, places=1), True)
    client.force_login(programmer())
    page = client.get(reverse("programme:staff_report")).content.decode()
    assert '<td class="text-end">7,50</td>' in page  # income, two decimals
    assert '<td class="text-end">0,00</td>' in page  # contributor costs
    assert '<td class="text-end">33,3</td>' in page  # 1 of 3 places, rounded to one decimal


def test_the_report_counts_the_contributors_fees_with_vat_but_not_cancelled_ones():
    from decimal import Decimal

    from tests.factories.programme import filled_in

    activity = ActivityFactory(sessions=[(in_days(3), 10)])
    other = ActivityFactory(sessions=[(in_days(4), 10)])
    filled_in(activity=activity, fee=Decimal("300.00"), vat_status="liable", vat_rate=21)
    filled_in(activity=activity, fee=Decimal("100.00"))  # exempt: no VAT
    filled_in(activity=activity, fee=Decimal("999.00"), status="cancelled")
    report = reports.build()
    column = [c.key for c in report.columns].index("costs")
    costs = {row.pk: values[column] for row, values in report.table()}
    assert costs == {activity.pk: Decimal("463.00"), other.pk: Decimal("0.00")}
    assert report.totals[column] == Decimal("463.00")


def test_the_contributors_costs_are_shown_only_under_their_purpose_and_the_look_is_logged(
    client,
):
    """For one performer the costs column is their fee: data of the contributors' purpose."""
    from decimal import Decimal

    from privacy.models import AccessAction, Purpose
    from privacy.purposes import PROGRAMMA_BIJDRAGERS
    from programme.models import Contribution
    from tests.factories.programme import filled_in

    activity = ActivityFactory(sessions=[(in_days(3), 10)])
    filled_in(activity=activity, fee=Decimal("275.00"))
    staff = programmer()
    client.force_login(staff)
    page = client.get(reverse("programme:staff_report")).text
    assert "Kosten uitvoerenden" in page and "275,00" in page
    client.get(reverse("programme:staff_report"), {"format": "xlsx"})
    logged = AccessLogEntry.objects.filter(purpose=PROGRAMMA_BIJDRAGERS, user=staff)
    assert sorted(logged.values_list("action", flat=True)) == sorted(
        [AccessAction.VIEW, AccessAction.EXPORT]
    )
    assert {entry.content_type.model_class() for entry in logged} == {Contribution}

    # The privacy officer takes the contributors' purpose from the role: no costs, no log.
    Purpose.objects.get(code=PROGRAMMA_BIJDRAGERS).roles.clear()
    AccessLogEntry.objects.all().delete()
    client.force_login(programmer())  # (purposes are cached per request user)
    page = client.get(reverse("programme:staff_report")).text
    assert "Kosten uitvoerenden" not in page and "275,00" not in page
    response = client.get(reverse("programme:staff_report"), {"format": "xlsx"})
    from openpyxl import load_workbook

    header = next(load_workbook(io.BytesIO(response.content)).active.values)
    assert "Kosten uitvoerenden (€)" not in header
    assert not AccessLogEntry.objects.filter(purpose=PROGRAMMA_BIJDRAGERS).exists()


def test_retention_destroys_every_sign_up_after_the_activity_and_the_report_stays_the_same():
    past = ActivityFactory(sessions=[(in_days(2), 3)])
    upcoming = ActivityFactory(sessions=[(in_days(5), 3)])
    for n in range(5):
        sign_up(past, n=n)  # 3 confirmed, 2 waiting
    signups.set_attended(SignUp.objects.filter(activity=past).first(), True)
    sign_up(upcoming, n=9)
    contest = ActivityFactory(leisure_kind="contest", contest_closes_at=in_days(1))
    signups.enter_contest(contest, name="Lotte", email="lotte@example.org", answer="Ja")
    before = {row.pk: values for row, values in reports.build().table()}

    # The activity and the contest end, and more than the register's day passes.
    for activity in (past, contest):
        for session in activity.sessions.all():
            session.start -= timedelta(days=20)
            session.end -= timedelta(days=20)
            session.save()
        if activity.contest_closes_at:
            activity.contest_closes_at -= timedelta(days=20)
        activity.save()
    call_command("apply_retention", "--purpose", "programma-deelnemers", stdout=io.StringIO())

    assert not SignUp.objects.filter(activity=past).exists()
    assert not ContestEntry.objects.exists()
    assert SignUp.objects.filter(activity=upcoming).count() == 1
    after = {row.pk: values for row, values in reports.build().table()}
    assert after == before


def test_a_visitor_with_an_account_finds_the_sign_up_on_the_my_data_page(client):
    activity = ActivityFactory(title="Workshop zine maken")
    sign_up(activity, n=1, email="zine@example.org")
    client.force_login(UserFactory(email="zine@example.org"))
    page = client.get("/mijn/gegevens/").text
    assert "aanmelding voor een activiteit" in page.lower()
    assert "Deelname aan activiteiten" in page


def test_the_reminder_job_is_registered_for_run_periodic():
    from django.utils.module_loading import autodiscover_modules

    from portal.periodic import jobs

    autodiscover_modules("jobs")
    activity = ActivityFactory(sessions=[(in_days(1), 10)])
    sign_up(activity, n=1)
    mail.outbox.clear()
    assert jobs["programme_reminders"].func() == "1 reminders sent"
    assert "Morgen" in mail.outbox[0].subject


def test_the_staff_list_counts_each_sign_up_once_and_pages_by_fifty(client):
    """The numbers are sums of the per-session counts; joining the sessions as well once
    multiplied them by the number of sessions."""
    activity = ActivityFactory(
        title="Cursus aquarelleren", sessions=[(in_days(3), 10), (in_days(10), 10)]
    )
    first, second = activity.sessions.order_by("start")
    sign_up(activity, first, n=1, places=2)
    sign_up(activity, second, n=2, places=2)
    client.force_login(programmer())
    response = client.get(reverse("programme:staff_activities"))
    row = next(a for a in response.context["activities"] if a.pk == activity.pk)
    assert (row.signup_count, row.places_taken) == (2, 4)

    for n in range(50):
        ActivityFactory(title=f"Lezing {n:02d}", sessions=[(in_days(20 + n), 5)])
    first_page = client.get(reverse("programme:staff_activities"))
    assert len(first_page.context["activities"]) == 50
    second_page = client.get(reverse("programme:staff_activities"), {"page": 2})
    assert [a.title for a in second_page.context["activities"]] == ["Lezing 49"]
