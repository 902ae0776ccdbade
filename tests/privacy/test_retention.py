"""Retention: records whose purpose ended longer ago than the register says are deleted or
anonymised, by `manage.py apply_retention` and by the daily periodic job."""

import io
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from listings.models import Provider
from portal import personal_data
from portal.models import HomePage, PeriodicJobRun, StandardPage, User
from privacy import retention
from privacy.models import AccessLogEntry, DataSubjectRequest, Purpose, RequestKind, Subscriber
from schools.models import School, SchoolInvitation, SchoolRole
from tests.factories.listings import ProviderFactory
from tests.factories.portal import StandardPageFactory, UserFactory, make_invitation
from tests.factories.schools import SchoolFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
DAY = timedelta(days=1)
YEAR = timedelta(days=365)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def ago(delta):
    return NOW - delta


def run_command(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def declare(monkeypatch, model, **changes):
    """A temporary declaration for a model (restored after the test)."""
    key = personal_data.model_key(model)
    current = personal_data.declarations.get(key)
    declaration = replace(current, **changes) if current else personal_data.PersonalData(**changes)
    monkeypatch.setitem(personal_data.declarations, key, declaration)
    return declaration


# --- Data across purposes ------------------------------------------------------------------


def subscriber(email, **dates):
    return Subscriber.objects.create(email=email, **dates)


def access_log(at, user=None):
    return AccessLogEntry.objects.create(
        at=at,
        user=user,
        purpose="fonds-cultuureducatie",
        action="view",
        content_type=ContentType.objects.get_for_model(School),
        object_id="1",
    )


def school_invitation(school, email, expires_at, invited_by=None):
    invitation, _token = make_invitation(
        SchoolInvitation, school, email, SchoolRole.VAKDOCENT, invited_by=invited_by
    )
    SchoolInvitation.objects.filter(pk=invitation.pk).update(expires_at=expires_at)
    return invitation


@pytest.fixture
def data():
    """Records of five purposes, each either past its retention ("old") or not ("new")."""
    staff = UserFactory(email="medewerker@voorbeeld.test")
    school = SchoolFactory()
    return {
        # nieuwsbrieven: 30 days after unsubscribing, or after signing up when never confirmed
        "subscriber_old": subscriber(
            "oud@voorbeeld.test",
            created_at=ago(YEAR),
            confirmed_at=ago(YEAR),
            unsubscribed_at=ago(40 * DAY),
        ),
        "subscriber_unconfirmed_old": subscriber("nooit@voorbeeld.test", created_at=ago(31 * DAY)),
        "subscriber_new": subscriber(
            "recent@voorbeeld.test",
            created_at=ago(YEAR),
            confirmed_at=ago(YEAR),
            unsubscribed_at=ago(10 * DAY),
        ),
        "subscriber_active": subscriber(
            "lezer@voorbeeld.test", created_at=ago(5 * YEAR), confirmed_at=ago(5 * YEAR)
        ),
        # toegangslog: 365 days after the access
        "log_old": access_log(ago(366 * DAY), user=staff),
        "log_new": access_log(ago(300 * DAY), user=staff),
        # fonds-cultuureducatie: anonymised 2 years after the invitation expired
        "invitation_old": school_invitation(
            school, "oud.lid@voorbeeld.test", ago(3 * YEAR), invited_by=staff
        ),
        "invitation_new": school_invitation(
            school, "nieuw.lid@voorbeeld.test", ago(YEAR), invited_by=staff
        ),
        # accounts: deleted 3 years after the last login (or joining, without a login)
        "user_old": UserFactory(
            email="vertrokken@voorbeeld.test", date_joined=ago(5 * YEAR), last_login=ago(4 * YEAR)
        ),
        "user_never_logged_in": UserFactory(
            email="nooit.ingelogd@voorbeeld.test", date_joined=ago(4 * YEAR), last_login=None
        ),
        "user_new": UserFactory(
            email="actief@voorbeeld.test", date_joined=ago(5 * YEAR), last_login=ago(YEAR)
        ),
        # privacybeheer: deleted 2 years after the request was handled
        "request_old": DataSubjectRequest.objects.create(
            kind=RequestKind.ACCESS,
            contact_email="vrager@voorbeeld.test",
            received_at=ago(4 * YEAR),
            handled_at=ago(3 * YEAR),
        ),
        "request_new": DataSubjectRequest.objects.create(
            kind=RequestKind.ACCESS,
            contact_email="vrager2@voorbeeld.test",
            received_at=ago(2 * YEAR),
            handled_at=ago(YEAR),
        ),
        "request_open": DataSubjectRequest.objects.create(
            kind=RequestKind.ERASURE,
            contact_email="vrager3@voorbeeld.test",
            received_at=ago(4 * YEAR),
        ),
        "staff": staff,
        "school": school,
    }


def exists(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).exists()


def snapshot():
    """Everything retention may change, to compare runs."""
    return {
        "subscribers": sorted(Subscriber.objects.values_list("email", flat=True)),
        "log": sorted(AccessLogEntry.objects.values_list("pk", flat=True)),
        "invitations": sorted(
            SchoolInvitation.objects.values_list("pk", "email", "invited_by_id", "accepted_by_id")
        ),
        "users": sorted(User.objects.values_list("email", flat=True)),
        "requests": sorted(DataSubjectRequest.objects.values_list("pk", "contact_email")),
    }


def summary_rows(output):
    """{model: [deleted, anonymised, kept under legal hold]} from the command's summary."""
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[1].isdigit():
            rows[parts[0]] = [int(n) for n in parts[1:]]
    return rows


def test_only_records_past_retention_are_deleted_or_anonymised(data):
    output = run_command()

    gone = ["subscriber_old", "subscriber_unconfirmed_old", "log_old", "user_old"]
    gone += ["user_never_logged_in", "request_old"]
    kept = ["subscriber_new", "subscriber_active", "log_new", "invitation_new", "user_new"]
    kept += ["request_new", "request_open", "staff"]
    assert [name for name in gone if exists(data[name])] == []
    assert [name for name in kept if not exists(data[name])] == []

    old = SchoolInvitation.objects.get(pk=data["invitation_old"].pk)
    assert (old.email, old.invited_by_id, old.accepted_by_id) == ("", None, None)
    assert old.role == SchoolRole.VAKDOCENT  # not personal: stays for the statistics
    new = SchoolInvitation.objects.get(pk=data["invitation_new"].pk)
    assert (new.email, new.invited_by) == ("nieuw.lid@voorbeeld.test", data["staff"])
    assert Subscriber.objects.get(pk=data["subscriber_new"].pk).email == "recent@voorbeeld.test"

    assert "Total: 6 deleted, 1 anonymised, 0 kept under legal hold" in output
    rows = summary_rows(output)
    assert rows["privacy.AccessLogEntry"] == [1, 0, 0]
    assert rows["portal.User"] == [2, 0, 0]
    assert rows["schools.SchoolInvitation"] == [0, 1, 0]
    assert rows["account.EmailConfirmation"] == [0, 0, 0]


def test_anonymised_records_still_count_in_aggregates(data):
    def per_school():
        return dict(School.objects.annotate(n=Count("invitations")).values_list("pk", "n"))

    before = per_school()
    assert before[data["school"].pk] == 2
    run_command()
    assert per_school() == before
    assert SchoolInvitation.objects.filter(email="").count() == 1


def test_dry_run_counts_and_changes_nothing(data):
    before = snapshot()
    output = run_command("--dry-run")
    assert snapshot() == before
    assert output.startswith("Dry run: nothing was changed.")
    assert "Total: 6 deleted, 1 anonymised, 0 kept under legal hold" in output

    tallies = {t.model: t for t in retention.run(dry_run=True)}
    assert (tallies["privacy.Subscriber"].deleted, tallies["portal.User"].deleted) == (2, 2)
    assert tallies["schools.SchoolInvitation"].anonymised == 1


def test_a_second_run_changes_nothing_and_reports_zeros(data):
    run_command()
    after_first = snapshot()
    output = run_command()
    assert snapshot() == after_first
    assert "Total: 0 deleted, 0 anonymised, 0 kept under legal hold." in output
    assert all(t.total == 0 for t in retention.run())


def test_purpose_option_limits_the_run(data):
    output = run_command("--purpose", "toegangslog")
    assert not exists(data["log_old"])
    assert exists(data["subscriber_old"])
    assert exists(data["user_old"])
    assert SchoolInvitation.objects.get(pk=data["invitation_old"].pk).email
    assert "nieuwsbrieven" not in output
    assert "Total: 1 deleted, 0 anonymised" in output


def test_unknown_purpose_is_an_error(data):
    before = snapshot()
    with pytest.raises(CommandError, match="Unknown purpose 'geen-doel'"):
        run_command("--purpose", "geen-doel")
    assert snapshot() == before


def test_retention_follows_the_register_in_the_database(data):
    """The privacy officer changes a retention period in the admin; the next run follows it."""
    Purpose.objects.filter(code="toegangslog").update(retention_days=200)
    run_command("--purpose", "toegangslog")
    assert not exists(data["log_new"])


def test_a_terminal_shows_a_progress_bar(data):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    call_command("apply_retention", stdout=out)
    text = out.getvalue()
    assert "\r[" + "#" * 40 + "] 100% 7/7" in text
    assert "Total: 6 deleted" in text


def test_no_progress_bar_when_not_on_a_terminal(data):
    assert "\r" not in run_command()


def test_the_daily_job_applies_retention_and_reports_counts_only(data, caplog):
    people = [data[name] for name in ("user_old", "user_never_logged_in", "user_new", "staff")]
    out = io.StringIO()
    with caplog.at_level(logging.DEBUG):
        call_command("run_periodic", "--job", "apply_retention", stdout=out)
    summary = out.getvalue()
    assert "apply_retention: done 6 deleted, 1 anonymised, 0 kept under legal hold" in summary
    assert not exists(data["log_old"])
    assert exists(data["log_new"])
    run = PeriodicJobRun.objects.get(name="apply_retention")
    assert run.last_succeeded_at is not None
    assert run.last_error == ""
    # Neither the summary nor the log holds an email address or a name.
    logged = summary + caplog.text
    for person in people:
        assert person.last_name not in logged
    assert "@" not in logged


def test_the_job_is_due_daily(data):
    call_command("run_periodic", "--job", "apply_retention", stdout=io.StringIO())
    out = io.StringIO()
    call_command("run_periodic", "--job", "apply_retention", stdout=out)
    assert "apply_retention: not due" in out.getvalue()
    with time_machine.travel(NOW + DAY + timedelta(minutes=1), tick=False):
        out = io.StringIO()
        call_command("run_periodic", "--job", "apply_retention", stdout=out)
    assert "apply_retention: done 0 deleted" in out.getvalue()


# --- Dates as well as datetimes ------------------------------------------------------------


def test_purpose_ending_on_a_date_counts_whole_days(monkeypatch):
    """A purpose that ended on a day ended at the end of that day (here: the due date)."""
    declare(monkeypatch, DataSubjectRequest, ended="due_date")
    retention_days = Purpose.objects.get(code="privacybeheer").retention_days
    cutoff = timezone.localdate() - timedelta(days=retention_days)
    expired = DataSubjectRequest.objects.create(
        kind=RequestKind.ACCESS, due_date=cutoff - DAY, received_at=ago(3 * YEAR)
    )
    last_day = DataSubjectRequest.objects.create(
        kind=RequestKind.ACCESS, due_date=cutoff, received_at=ago(3 * YEAR)
    )
    run_command("--purpose", "privacybeheer")
    assert not exists(expired)
    assert exists(last_day)


# --- Legal hold ----------------------------------------------------------------------------


@pytest.fixture
def providers_under_hold(monkeypatch):
    """Providers as if they were financial records of the Fonds Buurtcultuur (1 year, 7 years
    legal hold on the name), whose purpose ended when they were created."""
    declare(
        monkeypatch,
        Provider,
        purpose="fonds-buurtcultuur",
        legal_hold=("name",),
        ended="created_at",
    )

    def provider(name, ended):
        made = ProviderFactory(name=name, public_email="info@voorbeeld.test", public_phone="038")
        Provider.objects.filter(pk=made.pk).update(created_at=ended)
        return made

    return {
        "within_retention": provider("Koor Assendorp", ago(300 * DAY)),
        "within_hold": provider("Fanfare Diezerpoort", ago(2 * YEAR)),
        "past_hold": provider("Toneelclub Wipstrik", ago(8 * YEAR)),
    }


def fields_of(provider):
    row = Provider.objects.filter(pk=provider.pk).values("name", "public_email", "public_phone")
    return row.first()


def test_legal_hold_fields_stay_while_the_hold_lasts(providers_under_hold):
    output = run_command("--purpose", "fonds-buurtcultuur")
    assert fields_of(providers_under_hold["within_retention"]) == {
        "name": "Koor Assendorp",
        "public_email": "info@voorbeeld.test",
        "public_phone": "038",
    }
    assert fields_of(providers_under_hold["within_hold"]) == {
        "name": "Fanfare Diezerpoort",
        "public_email": "",
        "public_phone": "",
    }
    assert fields_of(providers_under_hold["past_hold"]) == {
        "name": "",
        "public_email": "",
        "public_phone": "",
    }
    assert "Total: 0 deleted, 1 anonymised, 1 kept under legal hold" in output
    assert "Total: 0 deleted, 0 anonymised, 0 kept" in run_command(
        "--purpose", "fonds-buurtcultuur"
    )


def test_legal_hold_fields_go_once_the_hold_has_passed(providers_under_hold):
    run_command("--purpose", "fonds-buurtcultuur")
    with time_machine.travel(NOW + 6 * YEAR, tick=False):
        run_command("--purpose", "fonds-buurtcultuur")
    assert fields_of(providers_under_hold["within_hold"])["name"] == ""
    assert fields_of(providers_under_hold["within_retention"])["name"] == "Koor Assendorp"


def test_records_under_legal_hold_are_not_deleted_yet(providers_under_hold):
    Purpose.objects.filter(code="fonds-buurtcultuur").update(retention_action="delete")
    output = run_command("--purpose", "fonds-buurtcultuur")
    assert not exists(providers_under_hold["past_hold"])
    assert fields_of(providers_under_hold["within_hold"])["name"] == "Fanfare Diezerpoort"
    assert fields_of(providers_under_hold["within_hold"])["public_email"] == ""
    assert "Total: 1 deleted, 0 anonymised, 1 kept under legal hold" in output


# --- Files, page revisions and the search index --------------------------------------------


def avatar(profile):
    profile.avatar.save("portret.png", ContentFile(b"not really a png"))
    return profile.avatar.name


def test_uploaded_files_of_deleted_records_are_deleted(monkeypatch):
    """An admin profile's avatar, its purpose (for this test) ending a day after joining."""
    declare(monkeypatch, UserProfile, purpose="programma-deelnemers", ended="user__date_joined")
    old = UserProfile.get_for_user(UserFactory(date_joined=ago(2 * DAY)))
    new = UserProfile.get_for_user(UserFactory())
    old_file, new_file = avatar(old), avatar(new)
    assert default_storage.exists(old_file)

    run_command("--purpose", "programma-deelnemers")
    assert not UserProfile.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk=old.user_id).exists()
    assert not default_storage.exists(old_file)
    assert default_storage.exists(new_file)


def test_files_of_records_deleted_with_an_account_are_deleted():
    """Deleting an old account deletes its admin profile by cascade, and the avatar with it."""
    old = UserProfile.get_for_user(UserFactory(date_joined=ago(4 * YEAR)))
    new = UserProfile.get_for_user(UserFactory())
    old_file, new_file = avatar(old), avatar(new)

    run_command("--purpose", "accounts")
    assert not User.objects.filter(pk=old.user_id).exists()
    assert not default_storage.exists(old_file)
    assert default_storage.exists(new_file)


def test_uploaded_files_of_anonymised_records_are_deleted(monkeypatch):
    declare(
        monkeypatch,
        UserProfile,
        purpose="fonds-cultuureducatie",
        fields=("avatar",),
        ended="user__date_joined",
    )
    profile = UserProfile.get_for_user(UserFactory(date_joined=ago(3 * YEAR)))
    name = avatar(profile)

    run_command("--purpose", "fonds-cultuureducatie")
    profile.refresh_from_db()
    assert profile.avatar.name == ""
    assert not default_storage.exists(name)


def published_page(intro):
    home = HomePage.objects.get()
    page = StandardPageFactory(parent=home, title="Verslag", intro=intro)
    page.save_revision().publish()
    StandardPage.objects.filter(pk=page.pk).update(last_published_at=ago(3 * YEAR))
    return page


def revisions_of(page):
    return Revision.page_revisions.filter(object_id=str(page.pk))


def found(word):
    return list(StandardPage.objects.live().search(word))


def test_anonymised_page_leaves_no_old_values_in_revisions_or_the_search_index(monkeypatch):
    declare(
        monkeypatch,
        StandardPage,
        purpose="fonds-cultuureducatie",
        fields=("intro",),
        ended="last_published_at",
    )
    page = published_page("Marieke Hoekstra vertelt over haar project")
    assert revisions_of(page).exists()
    assert found("Hoekstra") == [page]

    run_command("--purpose", "fonds-cultuureducatie")
    page.refresh_from_db()
    assert page.intro == ""
    assert page.title == "Verslag"
    assert not revisions_of(page).exists()
    assert found("Hoekstra") == []
    assert found("Verslag") == [page]


def test_deleted_page_leaves_no_revisions_or_search_index_entries(monkeypatch):
    declare(
        monkeypatch,
        StandardPage,
        purpose="programma-deelnemers",
        fields=("intro",),
        ended="last_published_at",
    )
    page = published_page("Aanmelding van Joost de Boer")
    assert found("Boer") == [page]

    output = run_command("--purpose", "programma-deelnemers")
    assert not StandardPage.objects.filter(pk=page.pk).exists()
    assert not revisions_of(page).exists()
    assert found("Boer") == []
    assert "Total: 1 deleted" in output


def test_anonymised_values_may_be_expressions_per_record(monkeypatch):
    """A unique field (an account's email address) is anonymised to a value per record."""
    declare(
        monkeypatch,
        User,
        purpose="fonds-cultuureducatie",
        anonymised={"email": Concat(Value("anoniem-"), Cast("pk", CharField()), Value("@invalid"))},
    )
    old = [UserFactory(date_joined=ago(3 * YEAR)) for _ in range(2)]
    new = UserFactory(email="blijft@voorbeeld.test")

    output = run_command("--purpose", "fonds-cultuureducatie")
    for person in old:
        person.refresh_from_db()
        assert (person.email, person.last_name) == (f"anoniem-{person.pk}@invalid", "")
    assert User.objects.get(pk=new.pk).email == "blijft@voorbeeld.test"
    assert "Total: 0 deleted, 2 anonymised" in output
    assert "Total: 0 deleted, 0 anonymised" in run_command("--purpose", "fonds-cultuureducatie")


# --- The legal hold is for money paid or committed -----------------------------------------


@pytest.fixture
def applications():
    """Applications to the Fonds Buurtcultuur (1 year, 7 years legal hold on the payee) whose
    purpose ended two years ago, except one that ended eight years ago."""
    from funds.models import Application, ApplicationStatus
    from payments import services as payment_services
    from tests.factories.funds import application_in

    def ended(status, when=2 * YEAR, **changes):
        application = application_in(status)
        moment = ago(when)
        Application.objects.filter(pk=application.pk).update(
            decided_at=moment, withdrawn_at=moment, settled_at=moment, **changes
        )
        return application

    S = ApplicationStatus
    paid_then_withdrawn = ended(S.WITHDRAWN)
    payment_services.schedule(paid_then_withdrawn, Decimal("500.00"), "V-1", "voorschot")
    cancelled_payment = ended(S.WITHDRAWN)
    payment = payment_services.schedule(cancelled_payment, Decimal("500.00"), "V-2", "voorschot")
    payment_services.cancel(payment)
    draft = application_in(S.DRAFT)
    Application.objects.filter(pk=draft.pk).update(updated_at=ago(2 * YEAR))
    return {
        "rejected": ended(S.REJECTED),
        "withdrawn": ended(S.WITHDRAWN),
        "abandoned_draft": draft,
        "cancelled_payment": cancelled_payment,
        "paid_then_withdrawn": paid_then_withdrawn,
        "settled": ended(S.SETTLED),
        "settled_past_hold": ended(S.SETTLED, when=8 * YEAR),
        "rejected_recently": ended(S.REJECTED, when=100 * DAY),
    }


def payee_of(application):
    from funds.models import Application

    return Application.objects.values_list("payee_name", "payee_iban", "contact_email").get(
        pk=application.pk
    )


def test_the_legal_hold_keeps_only_what_was_paid_or_committed(applications):
    output = run_command("--purpose", "fonds-buurtcultuur")

    # Never paid: the account goes with the rest at the normal retention.
    for name in ("rejected", "withdrawn", "abandoned_draft", "cancelled_payment"):
        assert payee_of(applications[name]) == ("", "", ""), name
    # Paid or granted, within the hold: only who was paid stays.
    for name in ("settled", "paid_then_withdrawn"):
        payee, iban, email = payee_of(applications[name])
        assert (bool(payee), iban, email) == (True, "NL91ABNA0417164300", ""), name
    # Past the hold: everything goes; within retention: nothing.
    assert payee_of(applications["settled_past_hold"]) == ("", "", "")
    assert payee_of(applications["rejected_recently"])[1] == "NL91ABNA0417164300"
    rows = summary_rows(output)
    assert rows["funds.Application"] == [0, 5, 2]
    assert "Total: 0 deleted, 0 anonymised, 0 kept" in run_command(
        "--purpose", "fonds-buurtcultuur"
    )


def test_a_dry_run_counts_the_records_the_hold_is_not_for_as_anonymised(applications):
    tallies = {t.model: t for t in retention.run("fonds-buurtcultuur", dry_run=True)}
    assert (tallies["funds.Application"].anonymised, tallies["funds.Application"].held) == (5, 2)
    assert payee_of(applications["rejected"])[1] == "NL91ABNA0417164300"


def test_an_erasure_request_keeps_the_account_of_a_paid_application_only(applications):
    """Erasing a person follows the same rule: the hold keeps nothing of a rejected application."""
    from funds.models import Application
    from privacy import requests
    from privacy.registry import bound_models

    bound = next(b for b in bound_models("fonds-buurtcultuur") if b.model is Application)
    purpose = Purpose.objects.get(code="fonds-buurtcultuur")
    rejected, settled = applications["rejected_recently"], applications["settled"]
    treatment = requests.treatment_for(bound, purpose)
    queryset = Application.objects.filter(pk__in=[rejected.pk, settled.pk])
    requests.erase_records(bound, purpose, treatment, queryset)
    assert payee_of(rejected) == ("", "", "")
    assert payee_of(settled)[1:] == ("NL91ABNA0417164300", "")


def test_the_erasure_preview_says_the_account_is_kept_for_a_paid_application_only():
    """The person is told what erasure really does: the rejected application goes (the hold is
    not for it), only the granted one keeps its account for the tax years."""
    from funds.models import ApplicationStatus
    from privacy import requests
    from tests.factories.funds import application_in

    person = UserFactory()
    rejected = application_in(ApplicationStatus.REJECTED, applicant=person)
    settled = application_in(ApplicationStatus.SETTLED, applicant=person)

    preview = requests.erasure_preview(person)
    held = [item for item in preview.held if str(settled) in item.titles]
    assert len(held) == 1 and held[0].count == 1 and str(rejected) not in held[0].titles
    assert "IBAN" in held[0].note
    others = preview.deleted + preview.anonymised
    assert any(str(rejected) in item.titles and item.count == 1 for item in others)
