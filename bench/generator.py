"""Fill the bench database: the demo data plus schools, providers, their members and fund
applications, by scale.

At scale 1: 200 schools with 3 members each, 200 providers with 2 members each, and a fund
("Benchfonds", code BNC) with 4 rounds and 10,000 applications from 2,000 applicants, spread
over every status, with reviews (and so average scores) on the ones that were assessed; on top
of the demo data (pages, site settings, demo logins). `--scale N` multiplies the generated rows.
The rows are built with the project's factories (tests/factories/) and written with
`bulk_create`, after `full_clean()` on every one of them, so the data is valid.

One extra person, MIJN_USER_EMAIL, is a member of exactly three organisations (two schools and
one provider): the user of the `mijn_3_orgs` scenario. Another, APPLICANT_EMAIL, has exactly
five applications: the user of `funds_applicant_dashboard`.
"""

import hashlib
import io
import itertools
import sqlite3
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from bench import education as bench_education
from bench import listings as bench_listings
from funds.models import (
    Application,
    ApplicationStatus,
    FundPage,
    Review,
    ReviewAssignment,
    ReviewScore,
    RoundPage,
)
from listings.models import Provider, ProviderKind, ProviderMembership, ProviderRole
from portal.fields import Wijk
from portal.models import User
from portal.roles import Role
from privacy.models import AccessAction, AccessLogEntry
from schools.models import School, SchoolMembership, SchoolRole, SchoolType
from tests.factories.funds import (
    ApplicationFactory,
    FundPageFactory,
    RoundPageFactory,
    home_page,
)
from tests.factories.listings import ProviderFactory, ProviderMembershipFactory
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory, brin_for

SCHOOLS_PER_SCALE = 200
SCHOOL_ROLES = (SchoolRole.DIRECTIE, SchoolRole.CULTUURCOORDINATOR, SchoolRole.VAKDOCENT)
PROVIDERS_PER_SCALE = 200
PROVIDER_ROLES = (ProviderRole.BEHEERDER, ProviderRole.REDACTEUR)

# Everything the generator creates (beyond the demo data) is recognisable by these.
EMAIL_DOMAIN = "bench.cultuurportaal.test"
SCHOOL_NAME_PREFIX = "Benchschool "
PROVIDER_NAME_PREFIX = "Bench-aanbieder "
MIJN_USER_EMAIL = f"mijn@{EMAIL_DOMAIN}"
PRIVACY_OFFICER_EMAIL = "privacy@demo.cultuurportaal.test"  # a demo login (portal/demo.py)
FUND_MANAGER_EMAIL = "fondsbeheerder@demo.cultuurportaal.test"  # a demo login (portal/demo.py)
APPLICANT_EMAIL = f"aanvrager@{EMAIL_DOMAIN}"
ACCESS_LOG_PER_SCALE = 5000

BENCH_FUND_CODE = "BNC"
BENCH_FUND_SLUG = "benchfonds"
ROUNDS_PER_FUND = 4
APPLICATIONS_PER_SCALE = 10_000
APPLICANTS_PER_SCALE = 2_000
# Applications with real reviews behind their average score (the rest have the score only).
REVIEWED_PER_SCALE = 200
APPLICANT_DASHBOARD_APPLICATIONS = 5
ASSESSED_STATUSES = (
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.GRANTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.ADVANCE_PAID,
    ApplicationStatus.REPORT_SUBMITTED,
    ApplicationStatus.SETTLED,
    ApplicationStatus.RECLAIMED,
)
GRANTED_STATUSES = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.ADVANCE_PAID,
    ApplicationStatus.REPORT_SUBMITTED,
    ApplicationStatus.SETTLED,
    ApplicationStatus.RECLAIMED,
)


def prepare_database(scale: int, keep_db: bool = False, log=print) -> None:
    """Make the bench database ready for `scale`; reuse it with keep_db if it already is."""
    started = time.perf_counter()
    db = settings.DATABASES["default"]
    is_sqlite = db["ENGINE"] == "django.db.backends.sqlite3"
    if is_sqlite:
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # A fresh start: SQLite from an empty file; other databases delete the generated rows.
    fresh = is_sqlite and not keep_db
    if fresh:
        _remove_sqlite_file()
    migrate(fresh)
    if keep_db and has_data(scale):
        log(f"Reusing the bench database ({describe_database()}), scale {scale}.")
    else:
        with transaction.atomic():
            if not fresh:
                remove_generated_data()
            call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
            generate(scale)
        log(
            f"Generated the bench database ({describe_database()}), scale {scale}, "
            f"in {time.perf_counter() - started:.1f} s."
        )
    settle(is_sqlite)


def settle(is_sqlite: bool) -> None:
    """Hand the scenarios a new connection, whether or not this run wrote the data.

    On SQLite, requests on the connection that just generated the data ran twice as slow as on
    a new one (measured: home 23 ms against 12 ms), so the WAL is written back and the
    connection closed; the first request opens a new one. On PostgreSQL the planner gets its
    statistics first.
    """
    with connection.cursor() as cursor:
        if is_sqlite:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What autovacuum does on a live database some time after a bulk load: without
            # statistics PostgreSQL guessed 8 offers in a wijk instead of 1,435 and chose
            # nested loops (catalogue_search 857 ms instead of 252 ms).
            cursor.execute("ANALYZE")
    connection.close()


def describe_database() -> str:
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    return f"{engine}: {db['NAME']}"


def _remove_sqlite_file() -> None:
    connection.close()
    path = Path(settings.DATABASES["default"]["NAME"])
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def migrate(fresh: bool) -> None:
    """Apply the migrations; on a fresh SQLite file, from a copy of an earlier migrated one.

    Migrating an empty database takes most of a run (~20 s). After it, the migrated file is
    saved beside the bench database with a key of every migration file's content; as long as
    the key matches, a fresh run starts from a copy of it. `migrate` then still runs: a no-op
    for the schema, it sends post_migrate (content types, permissions, the staff roles' grants).
    """
    if not fresh:
        call_command("migrate", verbosity=0, interactive=False)
        return
    path = Path(settings.DATABASES["default"]["NAME"])
    template = path.with_name(f"{path.stem}-migrated.sqlite3")
    key_file = template.with_suffix(".key")
    key = migrations_key()
    if template.exists() and key_file.exists() and key_file.read_text() == key:
        _copy_sqlite(template, path)
        call_command("migrate", verbosity=0, interactive=False)
        return
    call_command("migrate", verbosity=0, interactive=False)
    connection.close()
    template.unlink(missing_ok=True)
    _copy_sqlite(path, template)
    key_file.write_text(key)


def migrations_key() -> str:
    """A hash of the name and content of every migration of every installed app."""
    digest = hashlib.sha256()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        digest.update(f"{app_label}.{name}\n".encode())
        digest.update(Path(sys.modules[migration.__module__].__file__).read_bytes())
    return digest.hexdigest()


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy (WAL included), through SQLite's backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def has_data(scale: int) -> bool:
    return (
        User.objects.filter(email=MIJN_USER_EMAIL).exists()
        and School.objects.filter(name__startswith=SCHOOL_NAME_PREFIX).count()
        == SCHOOLS_PER_SCALE * scale
        and Provider.objects.filter(name__startswith=PROVIDER_NAME_PREFIX).count()
        == PROVIDERS_PER_SCALE * scale
        and bench_applications().count()
        == APPLICATIONS_PER_SCALE * scale + APPLICANT_DASHBOARD_APPLICATIONS
        and bench_listings.has_offers(scale)
        and bench_education.has_education(scale)
    )


def bench_applications():
    fund = FundPage.objects.filter(code=BENCH_FUND_CODE).first()
    if fund is None:
        return Application.objects.none()
    return Application.objects.filter(round__in=RoundPage.objects.child_of(fund))


def remove_generated_data() -> None:
    """Delete what an earlier run generated (for databases that are not a file to remove)."""
    AccessLogEntry.objects.all().delete()
    bench_education.remove_education()  # before the schools (PROTECT)
    bench_applications().delete()
    for fund in FundPage.objects.filter(code=BENCH_FUND_CODE):
        fund.delete()
    User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    School.objects.filter(name__startswith=SCHOOL_NAME_PREFIX).delete()
    bench_listings.remove_offers()  # before their providers (PROTECT)
    Provider.objects.filter(name__startswith=PROVIDER_NAME_PREFIX).delete()


def generate(scale: int) -> None:
    schools = create_schools(SCHOOLS_PER_SCALE * scale)
    providers = create_providers(PROVIDERS_PER_SCALE * scale)
    school_members = create_users("school", len(schools) * len(SCHOOL_ROLES))
    provider_members = create_users("aanbieder", len(providers) * len(PROVIDER_ROLES))

    members = iter(school_members)
    SchoolMembership.objects.bulk_create(
        SchoolMembership(school=school, user=next(members), role=role)
        for school in schools
        for role in SCHOOL_ROLES
    )
    members = iter(provider_members)
    ProviderMembership.objects.bulk_create(
        ProviderMembership(provider=provider, user=next(members), role=role)
        for provider in providers
        for role in PROVIDER_ROLES
    )

    # The person of the /mijn/ scenario: a member of exactly 2 schools and 1 provider.
    person = UserFactory(email=MIJN_USER_EMAIL, first_name="Mijn", last_name="Drie Organisaties")
    SchoolMembershipFactory(school=schools[0], user=person, role=SchoolRole.CULTUURCOORDINATOR)
    SchoolMembershipFactory(school=schools[1], user=person, role=SchoolRole.VAKDOCENT)
    ProviderMembershipFactory(provider=providers[0], user=person, role=ProviderRole.REDACTEUR)

    # The privacy officer's access log: staff opened these members' records.
    create_access_log(ACCESS_LOG_PER_SCALE * scale, school_members)

    create_fund_applications(scale)

    # The catalogue: 20,000 published offers per scale (bench/listings.py).
    bench_listings.create_offers(scale, providers)

    # The Fonds Cultuureducatie: 300 schools x 5 years of allocations and spending.
    bench_education.create_education(scale, schools)


def create_access_log(count: int, subjects: list[User]) -> None:
    staff = User.objects.get(email=PRIVACY_OFFICER_EMAIL)
    kind = ContentType.objects.get_for_model(SchoolMembership)
    actions = itertools.cycle(AccessAction.values)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=staff,
            purpose="fonds-cultuureducatie",
            action=next(actions),
            content_type=kind,
            object_id=str(subjects[i % len(subjects)].pk),
        )
        for i in range(count)
    )


def create_schools(count: int) -> list[School]:
    """`count` schools with distinct valid BRIN numbers that the demo data does not use."""
    taken = set(School.objects.filter(branch="00").values_list("brin", flat=True))
    brins = (brin for n in itertools.count() if (brin := brin_for(n)) not in taken)
    types = itertools.cycle(SchoolType.values)
    wijken = itertools.cycle(Wijk.values)
    schools = [
        SchoolFactory.build(
            name=f"{SCHOOL_NAME_PREFIX}{i:05d}",
            brin=next(brins),
            branch="00",
            school_type=next(types),
            wijk=next(wijken),
        )
        for i in range(count)
    ]
    assert len({school.brin for school in schools}) == count, "BRIN numbers must be unique"
    for school in schools:
        school.full_clean(validate_unique=False, validate_constraints=False)
    return School.objects.bulk_create(schools)


def create_providers(count: int) -> list[Provider]:
    kinds = itertools.cycle(ProviderKind.values)
    wijken = itertools.cycle(Wijk.values)
    providers = [
        ProviderFactory.build(
            name=f"{PROVIDER_NAME_PREFIX}{i:05d}", kind=next(kinds), wijk=next(wijken)
        )
        for i in range(count)
    ]
    for provider in providers:
        provider.full_clean(validate_unique=False, validate_constraints=False)
    return Provider.objects.bulk_create(providers)


def create_users(kind: str, count: int) -> list[User]:
    """People with the demo password and a verified email address, as UserFactory makes them."""
    users = [
        UserFactory.build(email=f"{kind}{i:06d}@{EMAIL_DOMAIN}", verified=False)
        for i in range(count)
    ]
    for user in users:
        user.full_clean(validate_unique=False, validate_constraints=False)
    users = User.objects.bulk_create(users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


# --- funds ----------------------------------------------------------------------------------
def create_fund_applications(scale: int) -> None:
    """A fund with 4 rounds and APPLICATIONS_PER_SCALE applications per unit of scale, spread
    over every status and wijk, from APPLICANTS_PER_SCALE applicants; those that were assessed
    have an average score, and the first REVIEWED_PER_SCALE of them real reviews behind it.
    The bench applicant (APPLICANT_EMAIL) has exactly five applications."""
    home = home_page()
    funds_page = home.get_children().filter(slug="fondsen").first() or home
    fund = FundPageFactory(
        title="Benchfonds", slug=BENCH_FUND_SLUG, code=BENCH_FUND_CODE, parent=funds_page.specific
    )
    now = timezone.now()
    rounds = []
    for i in range(ROUNDS_PER_FUND):
        # Three closed rounds, half a year apart; the last one is open.
        opens_at = now - timedelta(days=182 * (ROUNDS_PER_FUND - 1 - i) + 30)
        closes_at = opens_at + timedelta(days=60)
        rounds.append(
            RoundPageFactory(
                parent=fund,
                title=f"Benchronde {i + 1}",
                slug=f"benchronde-{i + 1}",
                opens_at=opens_at,
                closes_at=closes_at,
            )
        )
    applicants = create_users("aanvrager", APPLICANTS_PER_SCALE * scale)
    prototype = ApplicationFactory.build(round=rounds[0], applicant=applicants[0])
    prototype.full_clean(validate_unique=False, validate_constraints=False)

    statuses = itertools.cycle(ApplicationStatus.values)
    wijken = itertools.cycle(Wijk.values)
    count = APPLICATIONS_PER_SCALE * scale
    applications = []
    for i in range(count):
        status = next(statuses)
        round_page = rounds[i % len(rounds)]
        requested = Decimal(250 + (i * 37) % 4750)
        submitted = status != ApplicationStatus.DRAFT
        scored = status in ASSESSED_STATUSES
        score = Decimal(100 + (i * 53) % 900) / 100 if scored else None
        applications.append(
            clone(
                prototype,
                round=round_page,
                applicant=applicants[i % len(applicants)],
                number=f"{BENCH_FUND_CODE}-{2020 + i // 100_000}-{i % 100_000:05d}"
                if submitted
                else None,
                status=status,
                organisation_name=f"Benchvereniging {i:05d}" if i % 3 else "",
                contact_name=f"Contact {i:05d}",
                project_title=f"Benchproject {i:05d}",
                wijk=next(wijken),
                requested_amount=requested,
                granted_amount=requested if status in GRANTED_STATUSES else None,
                submitted_at=round_page.opens_at + timedelta(minutes=i) if submitted else None,
                average_score=score,
                score_spread=Decimal("1.50") if scored else None,
                review_count=2 if scored else 0,
            )
        )
    for application in applications[:100]:
        application.full_clean(validate_unique=False, validate_constraints=False)
    Application.objects.bulk_create(applications, batch_size=2000)
    create_reviews(rounds, REVIEWED_PER_SCALE * scale)
    create_dashboard_applicant(rounds[-1], prototype)


def clone(prototype: Application, **changes) -> Application:
    """A new application with the prototype's values and these changes."""
    values = {
        f.attname: getattr(prototype, f.attname)
        for f in Application._meta.concrete_fields
        if not f.primary_key
    }
    application = Application(**values)
    for name, value in changes.items():
        setattr(application, name, value)
    return application


def create_reviews(rounds: list[RoundPage], count: int) -> None:
    """Two reviewers score `count` assessed applications; their average score is the mean of
    the two weighted scores (as funds.services.assessment keeps it)."""
    reviewers = create_users("beoordelaar", 2)
    Group.objects.get(name=Role.REVIEWER).user_set.add(*reviewers)
    criteria = {r.pk: list(r.criteria.all()) for r in rounds}
    targets = list(
        Application.objects.filter(round__in=rounds, status__in=ASSESSED_STATUSES).order_by("pk")[
            :count
        ]
    )
    now = timezone.now()
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=application,
            reviewer=reviewer,
            has_conflict=False,
            conflict_declared_at=now,
        )
        for application in targets
        for reviewer in reviewers
    )
    reviews = Review.objects.bulk_create(
        Review(assignment=assignment, comment="", submitted_at=now) for assignment in assignments
    )
    scores = []
    for n, (assignment, review) in enumerate(zip(assignments, reviews, strict=True)):
        weighted = Decimal("0")
        weights = 0
        for c, criterion in enumerate(criteria[assignment.application.round_id]):
            score = 1 + (n + 3 * c) % 10
            scores.append(ReviewScore(review=review, criterion=criterion, score=score))
            weighted += score * criterion.weight
            weights += criterion.weight
        review.weighted_score = (weighted / weights).quantize(Decimal("0.01"))
    ReviewScore.objects.bulk_create(scores, batch_size=2000)
    Review.objects.bulk_update(reviews, ["weighted_score"], batch_size=2000)
    by_application = {}
    for assignment, review in zip(assignments, reviews, strict=True):
        by_application.setdefault(assignment.application_id, []).append(review.weighted_score)
    for application in targets:
        weighted = by_application[application.pk]
        application.average_score = (sum(weighted) / len(weighted)).quantize(Decimal("0.01"))
        application.score_spread = max(weighted) - min(weighted)
        application.review_count = len(weighted)
    Application.objects.bulk_update(
        targets, ["average_score", "score_spread", "review_count"], batch_size=2000
    )


def create_dashboard_applicant(round_page: RoundPage, prototype: Application) -> None:
    """The person of the funds_applicant_dashboard scenario: exactly five applications."""
    person = UserFactory(email=APPLICANT_EMAIL, first_name="Aanvrager", last_name="Vijf Aanvragen")
    statuses = [
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.GRANTED,
        ApplicationStatus.REJECTED,
    ]
    Application.objects.bulk_create(
        clone(
            prototype,
            round=round_page,
            applicant=person,
            status=status,
            number=None if status == ApplicationStatus.DRAFT else f"{BENCH_FUND_CODE}-2019-{i:05d}",
            project_title=f"Mijn project {i + 1}",
            contact_name=person.get_full_name(),
            contact_email=person.email,
        )
        for i, status in enumerate(statuses)
    )
