"""Letters as PDF: the decision letter carries the letterhead from the site settings, the
applicant's name and address, the application number, the project title, the decision with the
granted amount, the payment schedule and what to report; it is kept on the application and
attached to the decision email."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation
from wagtail.models import Site

from funds import letters
from funds.models import ApplicationStatus, Letter, LetterKind
from funds.services import decisions
from portal.models import SiteSettings
from tests.factories.funds import ApplicationFactory, application_in, fund_manager
from tests.funds.test_decisions import letter_text, pdf_text

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def organisation():
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Stadkamer Zwolle"
    settings.street_address = "Achter de Broeren 1"
    settings.postcode = "8011 VA"
    settings.city = "Zwolle"
    settings.email = "fondsen@stadkamer.test"
    settings.save()
    return settings


def granted_letter(amount="1500", **kwargs):
    application = application_in(S.IN_REVIEW, **kwargs)
    decisions.grant(application, fund_manager(), Decimal(amount), "Vermeld het fonds.")
    application.refresh_from_db()
    return application, Letter.objects.get(application=application)


def test_the_grant_letter_holds_the_decision_with_title_amount_schedule_and_reporting(
    organisation,
):
    application, letter = granted_letter(
        amount="1400", project_title="Zomerconcert in het Wilhelminapark"
    )
    assert letter.kind == LetterKind.GRANT
    text = letter_text(letter)
    assert "Stadkamer Zwolle" in text and "Achter de Broeren 1" in text  # letterhead
    assert application.organisation_name in text
    assert application.contact_name in text
    assert "Lindestraat 5" in text and "8021 AB ZWOLLE" in text
    assert application.number in text
    assert "Zomerconcert in het Wilhelminapark" in text
    assert "€ 1.400,00" in text  # granted, in Dutch notation
    assert "€ 1.500,00" in text  # requested
    assert "€ 1.120,00" in text and "€ 280,00" in text  # 80% advance, the rest
    assert "Vermeld het fonds." in text
    # € 1,400 falls in the tier up to € 5,000: a report, photos and the actual budget (the
    # letter is in Dutch, the portal's language).
    assert "een paar foto" in text
    assert "de werkelijke kosten en inkomsten" in text
    assert "financiële verantwoording" not in text


def test_a_small_grant_asks_for_less_in_its_letter():
    application = ApplicationFactory(
        budget=[
            ("cost", "Materiaal", Decimal("1600")),
            ("own", "Eigen bijdrage", Decimal("800")),
        ]
    )
    from funds.models import Application

    Application.objects.filter(pk=application.pk).update(
        status=S.IN_REVIEW, number="BC99-2026-0001"
    )
    application.refresh_from_db()
    # The fund manager uses the portal in English; the letter is Dutch all the same.
    with translation.override("en"):
        decisions.grant(application, fund_manager(), Decimal("800"))
    text = letter_text(Letter.objects.get(application=application))
    assert "een kort verslag van wat er is gedaan" in text
    assert "werkelijke kosten en inkomsten" not in text


def test_the_rejection_letter_gives_the_reason():
    application = application_in(S.IN_REVIEW, project_title="Graffiti op de Thorbeckegracht")
    decisions.reject(application, fund_manager(), "Het project valt buiten de gemeente Zwolle.")
    letter = Letter.objects.get(application=application)
    assert letter.kind == LetterKind.REJECTION
    text = letter_text(letter)
    assert "Graffiti op de Thorbeckegracht" in text
    assert "Het project valt buiten de gemeente Zwolle." in text
    assert "€ 1.500,00" in text  # what was asked
    assert "voorschot" not in text.lower()


def test_the_decision_letter_is_attached_to_the_email_as_it_is_kept():
    application, letter = granted_letter()
    (email,) = mail.outbox
    ((filename, content, mimetype),) = email.attachments
    assert filename == f"{application.number}-grant.pdf"
    assert mimetype == "application/pdf"
    with letter.file.open("rb") as handle:
        assert content == handle.read()
    assert application.project_title in pdf_text(content)


def test_the_letter_is_kept_outside_the_media_folder_and_served_only_through_its_view(
    client, settings
):
    application, letter = granted_letter()
    path = str(letter.file.path)
    assert not path.startswith(str(settings.MEDIA_ROOT))
    client.force_login(application.applicant)
    assert client.get(settings.MEDIA_URL + letter.file.name).status_code == 404
    assert client.get(letter.get_absolute_url()).status_code == 200


def test_the_letterhead_carries_the_logo_from_the_site_settings(organisation):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    organisation.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    organisation.save()
    head = letters.letterhead()
    assert head["logo"].startswith("data:image/png;base64,")
    assert head["name"] == "Stadkamer Zwolle"


@override_settings(LANGUAGE_CODE="nl")
def test_letters_fetch_nothing_from_elsewhere(monkeypatch):
    """The PDF is made from the template alone (portal.pdf refuses any other URL)."""
    fetched = []
    from portal import pdf

    original = pdf._fetch

    def spy(url, *args, **kwargs):
        fetched.append(url)
        return original(url, *args, **kwargs)

    monkeypatch.setattr(pdf, "_fetch", spy)
    granted_letter()
    assert all(url.startswith("data:") for url in fetched)
