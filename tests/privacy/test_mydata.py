"""Mijn gegevens: a person sees, and downloads, everything the portal holds about them, grouped
by purpose, and nothing about anyone else."""

import io
import json
from html import escape

import pypdf
import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from listings.models import ProviderRole
from privacy import purposes
from privacy.models import NewsletterList, Processor, Purpose, Subscriber, Subscription
from privacy.registry import bound_models
from schools.models import SchoolRole
from tests.factories.listings import ProviderFactory, ProviderMembershipFactory
from tests.factories.portal import UserFactory
from tests.factories.programme import ActivityFactory, sign_up
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory, school_invitation

pytestmark = pytest.mark.django_db


def subscribe(email, newsletter):
    subscriber = Subscriber.objects.create(email=email, confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=subscriber, newsletter=newsletter)
    return subscriber


def make_person(prefix, shared_school, newsletter, inviter):
    """A person with data under four purposes: account (with a second verified address),
    school membership and an invitation to the second address, a provider membership and a
    newsletter subscription."""
    person = UserFactory(
        first_name=f"{prefix}voornaam",
        last_name=f"{prefix}achternaam",
        email=f"{prefix.lower()}@voorbeeld.test",
    )
    second = f"{prefix.lower()}.werk@school.test"
    EmailAddress.objects.create(user=person, email=second, verified=True)
    SchoolMembershipFactory(
        school=shared_school, user=person, role=SchoolRole.CULTUURCOORDINATOR, invited_by=inviter
    )
    invited_to = SchoolFactory(name=f"{prefix} Uitnodigingsschool")
    school_invitation(school=invited_to, email=second, role=SchoolRole.VAKDOCENT)
    ProviderMembershipFactory(
        provider=ProviderFactory(name=f"{prefix} Dansschool"),
        user=person,
        role=ProviderRole.BEHEERDER,
    )
    subscribe(person.email, newsletter)
    return person


@pytest.fixture
def world():
    newsletter = NewsletterList.objects.create(
        name_nl="Cultuurnieuws test", name_en="Culture news test", slug="cultuurnieuws-test"
    )
    school = SchoolFactory(name="Basisschool De Regenboog")
    inviter = UserFactory(first_name="Uitnodiger", last_name="Staflid", email="staf@voorbeeld.test")
    anna = make_person("Anna", school, newsletter, inviter)
    bram = make_person("Bram", school, newsletter, inviter)
    return {"anna": anna, "bram": bram, "inviter": inviter, "school": school}


def values_of(prefix):
    return [
        f"{prefix}voornaam",
        f"{prefix}achternaam",
        f"{prefix.lower()}@voorbeeld.test",
        f"{prefix.lower()}.werk@school.test",
        f"{prefix} Uitnodigingsschool",
        f"{prefix} Dansschool",
    ]


def test_the_page_needs_a_login(client):
    response = client.get("/mijn/gegevens/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_the_dashboard_links_to_my_data(client, world):
    client.force_login(world["anna"])
    assert 'href="/mijn/gegevens/"' in client.get("/mijn/").content.decode()


def test_the_page_shows_every_purpose_with_its_explanation_and_the_persons_values(client, world):
    Processor.objects.create(
        name="Mailverzender BV", service="sends our email", agreement_signed_on="2026-01-01"
    ).purposes.add(Purpose.objects.get(code=purposes.NIEUWSBRIEVEN))
    client.force_login(world["anna"])
    client.cookies["django_language"] = "en"
    response = client.get("/mijn/gegevens/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    for code in [
        purposes.ACCOUNTS,
        purposes.FONDS_CULTUUREDUCATIE,
        purposes.KUNST_CULTUURWIJZER,
        purposes.NIEUWSBRIEVEN,
    ]:
        purpose = Purpose.objects.get(code=code)
        assert f'id="purpose-{code}"' in page
        assert escape(purpose.name_en) in page
        assert escape(purpose.description_en) in page
    assert "Performance of a contract" in page  # the legal basis, in words
    assert "Mailverzender BV" in page  # the processor of the newsletters
    assert "Your membership of a school" in page  # the declaration's label
    with translation.override("en"):
        assert escape(str(SchoolRole.CULTUURCOORDINATOR.label)) in page  # the role at the school
    assert "Basisschool De Regenboog" in page
    for value in values_of("Anna"):
        assert value in page
    # Links to correct what people correct themselves, and to ask for the rest.
    for url in ["/mijn/account/", "/account/email/", "/mijn/gegevens/verzoek/correctie/"]:
        assert f'href="{url}"' in page


def test_the_page_shows_nothing_of_anyone_else(client, world):
    client.force_login(world["anna"])
    page = client.get("/mijn/gegevens/").content.decode()
    for value in values_of("Bram"):
        assert value not in page
    # Who invited Anna is someone else's data: named as "another person", not by name.
    assert "Uitnodiger" not in page
    assert "staf@voorbeeld.test" not in page
    # Secrets are named, never shown.
    assert world["anna"].password not in page


def test_the_page_takes_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    anna = world["anna"]
    sign_up(ActivityFactory(title="Activiteit"), email=anna.email)
    client.force_login(anna)
    client.get("/mijn/gegevens/")  # what is cached once (the site, its settings) is cached
    with CaptureQueriesContext(connection) as few:
        assert client.get("/mijn/gegevens/").status_code == 200
    for n in range(15):
        SchoolMembershipFactory(school=SchoolFactory(name=f"School {n}"), user=anna)
        ProviderMembershipFactory(provider=ProviderFactory(name=f"Aanbieder {n}"), user=anna)
        school_invitation(school=SchoolFactory(name=f"Andere school {n}"), email=anna.email)
        sign_up(ActivityFactory(title=f"Activiteit {n}"), email=anna.email)  # linking to pages
    # One query asks every kind of record whether it holds anything about Anna, then one per
    # kind that does: none per record, and none for the many kinds that hold nothing.
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get("/mijn/gegevens/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="record ') >= 1 + 16 + 16 + 16 + 16 + 1
    assert "Activiteit 14" in page
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) < len(bound_models())


def test_the_json_export_holds_all_data_under_every_purpose_and_nothing_of_anyone_else(
    client, world
):
    """The JSON export of a person with data under three (here four) purposes contains all of
    it and nothing of anyone else."""
    client.force_login(world["anna"])
    response = client.get("/mijn/gegevens/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    text = response.content.decode()
    data = json.loads(text)

    codes = {purpose["code"] for purpose in data["purposes"]}
    assert {
        purposes.ACCOUNTS,
        purposes.FONDS_CULTUUREDUCATIE,
        purposes.KUNST_CULTUURWIJZER,
        purposes.NIEUWSBRIEVEN,
    } <= codes
    for value in [*values_of("Anna"), "Basisschool De Regenboog", "cultuurcoordinator"]:
        assert value in text, value
    for value in [*values_of("Bram"), "Uitnodiger", "staf@voorbeeld.test"]:
        assert value not in text, value
    assert world["anna"].password not in text

    # purposes -> records -> fields, machine-readable.
    accounts = next(p for p in data["purposes"] if p["code"] == purposes.ACCOUNTS)
    account = next(r for r in accounts["records"] if r["model"] == "portal.user")
    assert account["fields"]["email"] == "anna@voorbeeld.test"
    assert "password" in account["not_shown"]
    assert "password" not in account["fields"]
    assert account["fields"]["date_joined"].startswith(str(timezone.localdate().year))
    assert accounts["legal_basis"] == "contract"
    membership = next(
        r
        for p in data["purposes"]
        for r in p["records"]
        if r["model"] == "schools.schoolmembership"
    )
    assert membership["fields"]["school"] == "Basisschool De Regenboog"
    assert membership["fields"]["user"] == "Annavoornaam Annaachternaam"
    assert membership["fields"]["invited_by"] not in ("", None, "Uitnodiger Staflid")


def test_the_pdf_holds_the_persons_name_and_the_purposes(client, world):
    client.force_login(world["anna"])
    response = client.get("/mijn/gegevens/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Annavoornaam Annaachternaam" in text
    for code in [purposes.ACCOUNTS, purposes.FONDS_CULTUUREDUCATIE, purposes.NIEUWSBRIEVEN]:
        assert Purpose.objects.get(code=code).name_nl in text
    assert "Basisschool De Regenboog" in text
    assert "Bramvoornaam" not in text


@pytest.mark.parametrize("url", ["/mijn/gegevens/export.json", "/mijn/gegevens/export.pdf"])
def test_downloads_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
