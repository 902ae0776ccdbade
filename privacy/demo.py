"""Demo privacy statement and newsletter subscribers for `manage.py load_demo` (idempotent)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Site

from portal.demo import DEMO_DOMAIN
from portal.models import SiteSettings
from privacy import newsletter
from privacy.models import (
    ConsentRecord,
    NewsletterIssue,
    NewsletterList,
    PrivacyStatementPage,
    Processor,
    Purpose,
    Subscriber,
    Subscription,
)

INTRO = (
    "<p>Cultuurhuis De Kade is de bibliotheek en het cultuurcentrum van Zwolle. Als je dit "
    "portaal gebruikt, laat je persoonlijke gegevens bij ons achter. Hier lees je wat we daarmee "
    "doen: we gebruiken ze alleen voor het doel waarvoor je ze gaf, bewaren ze niet langer dan "
    "nodig en verkopen ze nooit.</p>"
)
CONTACT = (
    "<p>Heb je een vraag over je gegevens, of wil je een verzoek doen? Mail onze "
    f'privacyfunctionaris via <a href="mailto:privacy@{DEMO_DOMAIN}">privacy@{DEMO_DOMAIN}</a>'
    " of schrijf naar Cultuurhuis De Kade, t.a.v. de privacyfunctionaris, Thorbeckegracht 12, "
    "8011 VM Zwolle. We antwoorden binnen een maand.</p>"
)
SUBSCRIBERS = [
    ("abonnee.een", "nl", ["cultuurnieuws"]),
    ("abonnee.twee", "nl", ["cultuurnieuws", "onderwijsnieuws"]),
    ("abonnee.drie", "en", ["onderwijsnieuws"]),
]
DRAFT_ISSUE = {
    "subject": "Cultuurnieuws: de zomer in Zwolle",
    "body": "<p>Deze zomer kun je in Zwolle weer volop genieten van cultuur: openluchttheater in "
    "het Park de Wezenlanden, de zomerworkshops van Muziekschool De Toonladder en elke woensdag "
    "voorlezen in de bibliotheek.</p>",
}


# (name, service, signed, ends, location, purpose codes). One agreement has ended, so the
# privacy officer's dashboard shows its warning.
PROCESSORS = [
    (
        "Mailhuis B.V.",
        "verstuurt de e-mail van het portaal (bevestigingen, uitnodigingen, nieuwsbrieven)",
        date(2025, 1, 15),
        None,
        "EU (Nederland)",
        ["berichten", "nieuwsbrieven", "accounts"],
    ),
    (
        "Zwolse Hosting Coöperatie",
        "host het portaal en zijn database",
        date(2024, 9, 1),
        None,
        "EU (Nederland)",
        [
            "accounts",
            "fonds-cultuureducatie",
            "fonds-buurtcultuur",
            "kunst-cultuurwijzer",
            "onderwijsaanbod",
            "voorleesexpress",
            "taalpunt",
        ],
    ),
    (
        "SchoolWise",
        "leerlingadministratie van De Bibliotheek op school",
        date(2021, 8, 1),
        date(2025, 7, 31),
        "EU (Nederland)",
        ["bibliotheek-op-school"],
    ),
]


def load_privacy_demo(home_page) -> PrivacyStatementPage:
    """The privacy statement at /privacy/ (in place of a standard page with that slug), three
    confirmed subscribers with their consent in the ledger, a draft issue to send, and the
    processors in the register."""
    with transaction.atomic():
        page = _statement_page(home_page)
        _subscribers()
        _draft_issue()
        _processors()
    return page


def _processors():
    for name, service, signed, ends, location, codes in PROCESSORS:
        processor, created = Processor.objects.get_or_create(
            name=name,
            defaults={
                "service": service,
                "agreement_signed_on": signed,
                "agreement_ends_on": ends,
                "location": location,
            },
        )
        if created:
            processor.purposes.set(Purpose.objects.filter(code__in=codes))


def _statement_page(home_page) -> PrivacyStatementPage:
    existing = home_page.get_children().filter(slug="privacy").first()
    if existing is not None and isinstance(existing.specific, PrivacyStatementPage):
        return existing.specific
    if existing is not None:
        existing.delete()
    page = PrivacyStatementPage(
        title="Privacyverklaring",
        slug="privacy",
        intro=INTRO,
        contact_text=CONTACT,
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def _subscribers():
    lists = {item.slug: item for item in NewsletterList.objects.all()}
    for login, language, slugs in SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            email=f"{login}@{DEMO_DOMAIN}",
            defaults={"language": language, "confirmed_at": timezone.now()},
        )
        if not created:
            continue
        for slug in slugs:
            if slug in lists:
                Subscription.objects.create(subscriber=subscriber, newsletter=lists[slug])
        ConsentRecord.record(
            newsletter.CONSENT_TOPIC, True, newsletter.SOURCE_FORM, email=subscriber.email
        )


def _draft_issue():
    culture_news = NewsletterList.objects.filter(slug="cultuurnieuws").first()
    if culture_news is not None:
        NewsletterIssue.objects.get_or_create(
            subject=DRAFT_ISSUE["subject"],
            defaults={"newsletter": culture_news, "body": DRAFT_ISSUE["body"]},
        )


@hooks.register("portal_demo_data", order=90)
def load_privacy(home, **kwargs):
    page = load_privacy_demo(home)
    for site in Site.objects.filter(root_page=home):
        site_settings = SiteSettings.for_site(site)
        if site_settings.privacy_page_id != page.pk:
            site_settings.privacy_page = page
            site_settings.save(update_fields=["privacy_page"])
