"""Demo providers for `manage.py load_demo`: 8 cultural organisations and artists, with members,
and about 60 offers in both catalogues, some of them waiting for the moderator."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail import hooks

from listings.models import (
    Discipline,
    OfferKind,
    OfferPage,
    PriceKind,
    PriceUnit,
    Provider,
    ProviderInvitation,
    ProviderKind,
    ProviderRole,
    ScheduleKind,
    SchoolGroup,
)
from listings.moderation import unique_slug
from portal.demo import email, index_once, search_updates_paused, staff_name
from portal.fields import Wijk
from tests.factories.listings import (
    EducationOfferFactory,
    LeisureOfferFactory,
    ProviderFactory,
    ProviderMembershipFactory,
)
from tests.factories.portal import UserFactory

PROVIDERS = [
    # name, kind, wijk, summary
    (
        "Muziekschool De Toonladder",
        ProviderKind.ORGANISATION,
        Wijk.BINNENSTAD,
        "Muzieklessen voor alle leeftijden, van blokfluit tot band, en projecten voor scholen.",
    ),
    (
        "Dansstudio Pirouette",
        ProviderKind.ORGANISATION,
        Wijk.ASSENDORP,
        "Klassiek ballet, hiphop en kinderdans in Assendorp; workshops op school.",
    ),
    (
        "Theatergroep De Spiegel",
        ProviderKind.ORGANISATION,
        Wijk.DIEZERPOORT,
        "Jeugdtheater en toneellessen; voorstellingen met nagesprek voor de klas.",
    ),
    (
        "Atelier Kleurrijk - Sanne de Vries",
        ProviderKind.ARTIST,
        Wijk.WIPSTRIK,
        "Beeldend kunstenaar: schilder- en tekenlessen en kunstprojecten met leerlingen.",
    ),
    (
        "Filmclub Het Lichtspel",
        ProviderKind.ORGANISATION,
        Wijk.BINNENSTAD,
        "Filmvertoningen en filmeducatie: zelf een korte film maken in vijf lessen.",
    ),
    (
        "Erfgoedhuis De Hanzeschat",
        ProviderKind.ORGANISATION,
        Wijk.BINNENSTAD,
        "Het verhaal van de Hanzestad: rondleidingen, leskisten en speurtochten.",
    ),
    (
        "Schrijfwerkplaats Woordenrijk",
        ProviderKind.ORGANISATION,
        Wijk.STADSHAGEN,
        "Schrijven en verhalen vertellen voor kinderen en volwassenen.",
    ),
    (
        "Koor Stemmig Zwolle",
        ProviderKind.ORGANISATION,
        Wijk.HOLTENBROEK,
        "Amateurkoor voor iedereen die graag zingt; repetities op dinsdagavond.",
    ),
]


@hooks.register("portal_demo_data", order=20)
def load_providers(users, **kwargs):
    providers = []
    for n, (name, kind, wijk, summary) in enumerate(PROVIDERS):
        provider = ProviderFactory(name=name, kind=kind, wijk=wijk, summary=summary)
        providers.append(provider)
        first, last = staff_name(20 + n)
        ProviderMembershipFactory(
            provider=provider,
            user=UserFactory(
                email=email(f"beheer.{provider.slug}"), first_name=first, last_name=last
            ),
            role=ProviderRole.BEHEERDER,
        )
    ProviderMembershipFactory(
        provider=providers[0], user=users["aanbieder"], role=ProviderRole.BEHEERDER
    )
    ProviderMembershipFactory(
        provider=providers[0], user=users["aanbieder-redacteur"], role=ProviderRole.REDACTEUR
    )
    ProviderMembershipFactory(provider=providers[6], user=users["icc"], role=ProviderRole.REDACTEUR)
    if not ProviderInvitation.objects.filter(provider=providers[7]).exists():
        ProviderInvitation.create_for(
            providers[7], users["aanvrager"].email, ProviderRole.REDACTEUR, None
        )
    return providers


# --- offers -------------------------------------------------------------------------------------

# Venues per wijk: (name, street, postcode, latitude, longitude). Fictional addresses.
VENUES = {
    Wijk.BINNENSTAD: ("Stadkamer", "Zeven Alleetjes 1", "8011 CV", "52.512900", "6.090600"),
    Wijk.ASSENDORP: (
        "Buurthuis De Enk",
        "Assendorperstraat 100",
        "8012 DJ",
        "52.505100",
        "6.098200",
    ),
    Wijk.DIEZERPOORT: (
        "Wijkcentrum Diezerpoort",
        "Van Karnebeekstraat 5",
        "8021 HD",
        "52.517300",
        "6.106400",
    ),
    Wijk.KAMPERPOORT: ("Het Kamperpoortje", "Kamperstraat 30", "8011 LX", "52.515600", "6.083900"),
    Wijk.WIPSTRIK: (
        "Atelierhuis Wipstrik",
        "Wipstrikkerallee 50",
        "8023 DW",
        "52.508000",
        "6.115000",
    ),
    Wijk.HOLTENBROEK: ("Cultuurplein Holtenbroek", "Dobbe 70", "8032 JX", "52.530100", "6.105000"),
    Wijk.AALANDEN: ("Het Aaltje", "Zwartewaterallee 12", "8031 DX", "52.532000", "6.092000"),
    Wijk.WESTENHOLTE: ("Dorpshuis Westenholte", "Koggelaan 2", "8017 JN", "52.525000", "6.060000"),
    Wijk.STADSHAGEN: ("De Vonk", "Stadshagenallee 150", "8043 AB", "52.536000", "6.055000"),
    Wijk.ZWOLLE_ZUID: ("Zuiderkerk", "Middelweg 40", "8014 AA", "52.495000", "6.115000"),
    Wijk.BERKUM: ("Berkumhuis", "Berkumerbroeklaan 3", "8017 AB", "52.518000", "6.135000"),
    Wijk.SCHELLE: ("De Schellerhoek", "Schellerweg 10", "8017 AD", "52.496000", "6.125000"),
    Wijk.ITTERSUM: ("Buurthuis Ittersum", "Oldeneelallee 8", "8016 AA", "52.502000", "6.130000"),
}

# What each provider offers: (discipline slug, leisure kind, title, what you do).
LEISURE = [
    (
        0,
        "muziek",
        "lessons",
        "Gitaarles voor beginners",
        "Je leert akkoorden en je eerste liedjes spelen",
    ),
    (0, "muziek", "lessons", "Pianoles op maat", "Van klassiek tot pop, in je eigen tempo"),
    (0, "muziek", "club", "Popband voor tieners", "Samen repeteren en optreden op het zomerpodium"),
    (
        0,
        "muziek",
        "course",
        "Blokfluit voor kleuters",
        "Spelenderwijs muziek maken met liedjes en spel",
    ),
    (
        0,
        "muziek",
        "performance",
        "Leerlingenconcert in de Stadkamer",
        "Leerlingen spelen hun mooiste stukken",
    ),
    (1, "dans", "lessons", "Klassiek ballet", "Techniek, muzikaliteit en plezier in bewegen"),
    (1, "dans", "course", "Hiphop en streetdance", "Stoere moves en battles voor tieners"),
    (1, "dans", "workshop", "Kinderdans op zaterdag", "Dansen op muziek uit de hele wereld"),
    (
        1,
        "dans",
        "performance",
        "Dansvoorstelling Seizoenen",
        "Onze dansers laten de vier seizoenen zien",
    ),
    (
        2,
        "theater",
        "lessons",
        "Toneelles voor kinderen",
        "Improviseren, spelen en een echte voorstelling",
    ),
    (
        2,
        "theater",
        "performance",
        "Jeugdvoorstelling De Verloren Sleutel",
        "Een spannend verhaal vol humor",
    ),
    (2, "theater", "club", "Volwassenentoneel", "Een vaste groep die elk jaar een stuk speelt"),
    (
        2,
        "theater",
        "workshop",
        "Open workshop improvisatie",
        "Spelen zonder tekst: durf jij het aan?",
    ),
    (
        3,
        "beeldende-kunst",
        "lessons",
        "Schilderles voor beginners",
        "Kleuren mengen en een stilleven opzetten",
    ),
    (3, "beeldende-kunst", "course", "Tekenen naar model", "Proporties, licht en schaduw"),
    (
        3,
        "beeldende-kunst",
        "workshop",
        "Keramiek: draaien op de schijf",
        "Je eigen kom of beker van klei",
    ),
    (
        3,
        "beeldende-kunst",
        "exhibition",
        "Expositie Kleur in de Wijk",
        "Werk van cursisten uit alle wijken",
    ),
    (
        3,
        "fotografie",
        "course",
        "Fotografie met je telefoon",
        "Compositie en licht, met je eigen telefoon",
    ),
    (
        4,
        "film-en-media",
        "course",
        "Maak je eigen korte film",
        "Scenario, camera en montage in vijf lessen",
    ),
    (
        4,
        "film-en-media",
        "performance",
        "Filmavond klassiekers",
        "Een klassieker met inleiding en nagesprek",
    ),
    (
        4,
        "digitale-cultuur",
        "workshop",
        "Stop-motion voor kinderen",
        "Animatie maken met klei en een tablet",
    ),
    (
        4,
        "film-en-media",
        "club",
        "Filmclub voor tieners",
        "Elke maand een film kijken en bespreken",
    ),
    (
        5,
        "erfgoed",
        "workshop",
        "Speurtocht door de Hanzestad",
        "Ontdek de geheimen van de binnenstad",
    ),
    (
        5,
        "erfgoed",
        "exhibition",
        "Tentoonstelling Zwolle aan het water",
        "Hoe de rivieren de stad maakten",
    ),
    (5, "erfgoed", "lecture", "Lezing: de Sassenpoort", "Zeshonderd jaar stadspoort in een uur"),
    (
        5,
        "design-en-architectuur",
        "workshop",
        "Bouw je eigen stadsmaquette",
        "Huizen en bruggen van karton",
    ),
    (6, "literatuur-en-lezen", "course", "Schrijfcursus verhalen", "Van idee tot kort verhaal"),
    (6, "literatuur-en-lezen", "club", "Leesclub voor jongeren", "Samen boeken lezen en bespreken"),
    (
        6,
        "literatuur-en-lezen",
        "workshop",
        "Poëzie op straat",
        "Gedichten schrijven en op stoepen krijten",
    ),
    (
        6,
        "literatuur-en-lezen",
        "contest",
        "Verhalenwedstrijd Zwolle Schrijft",
        "Stuur je verhaal in en win",
    ),
    (
        7,
        "muziek",
        "club",
        "Koor Stemmig: zingen op dinsdag",
        "Meerstemmig zingen, geen ervaring nodig",
    ),
    (7, "muziek", "performance", "Voorjaarsconcert Koor Stemmig", "Liederen uit de hele wereld"),
    (7, "muziek", "workshop", "Open zangworkshop", "Ontdek je stem in één middag"),
    (1, "dans", "lessons", "Dansen voor 55-plussers", "Rustig bewegen op mooie muziek"),
    (0, "muziek", "course", "Drumles in een groepje", "Ritme, groove en samenspel"),
    (2, "theater", "course", "Musicalklas", "Zingen, dansen en spelen in één les"),
]

# (provider index, discipline slug, title, what the pupils do, school groups)
EDUCATION = [
    (
        0,
        "muziek",
        "Muziek in de klas: ritme en maat",
        "De leerlingen ontdekken ritmes met bodypercussie",
        ["groep 3", "groep 4"],
    ),
    (
        0,
        "muziek",
        "Orkest in de school",
        "Een heel schooljaar samen spelen in een klassenorkest",
        ["groep 5", "groep 6"],
    ),
    (
        0,
        "muziek",
        "Songwriting voor de brugklas",
        "Leerlingen schrijven en spelen hun eigen lied",
        ["leerjaar 1", "leerjaar 2"],
    ),
    (
        1,
        "dans",
        "Dansworkshop op school",
        "Een dans maken over vriendschap",
        ["groep 5", "groep 6", "groep 7"],
    ),
    (
        1,
        "dans",
        "Bewegen op muziek voor kleuters",
        "Spelenderwijs dansen in het speellokaal",
        ["groep 1", "groep 2"],
    ),
    (
        1,
        "dans",
        "Dans in het SO",
        "Bewegen en samenwerken, op maat van de groep",
        ["SO onderbouw", "SO middenbouw"],
    ),
    (
        2,
        "theater",
        "Theaterworkshop in de klas",
        "Korte scènes spelen over pesten en vriendschap",
        ["groep 7", "groep 8"],
    ),
    (
        2,
        "theater",
        "Voorstelling met nagesprek",
        "Een jeugdvoorstelling en een gesprek met de spelers",
        ["groep 5", "groep 6"],
    ),
    (
        2,
        "theater",
        "Debatteren en presenteren",
        "Leerlingen oefenen spreken voor een groep",
        ["leerjaar 3", "leerjaar 4"],
    ),
    (
        3,
        "beeldende-kunst",
        "Kunstproject: de school als museum",
        "De klas richt een eigen tentoonstelling in",
        ["groep 6", "groep 7", "groep 8"],
    ),
    (
        3,
        "beeldende-kunst",
        "Schilderen zoals Van Gogh",
        "Kijken naar kunst en zelf schilderen",
        ["groep 4", "groep 5"],
    ),
    (
        3,
        "fotografie",
        "Fotoproject in de wijk",
        "Leerlingen fotograferen hun eigen buurt",
        ["leerjaar 1", "leerjaar 2", "leerjaar 3"],
    ),
    (
        4,
        "film-en-media",
        "Filmles: maak een trailer",
        "In drie lessen een eigen filmtrailer",
        ["groep 7", "groep 8"],
    ),
    (
        4,
        "digitale-cultuur",
        "Mediawijsheid en vlogs",
        "Hoe maak je een eerlijke vlog?",
        ["leerjaar 1", "leerjaar 2"],
    ),
    (4, "film-en-media", "Animatie in het VSO", "Stop-motion in kleine stapjes", ["VSO"]),
    (
        5,
        "erfgoed",
        "Leskist De Hanzestad",
        "Voorwerpen en verhalen uit de Hanzetijd in de klas",
        ["groep 5", "groep 6"],
    ),
    (
        5,
        "erfgoed",
        "Rondleiding Sassenpoort",
        "Een rondleiding met opdrachten in de stadspoort",
        ["groep 7", "groep 8"],
    ),
    (
        5,
        "erfgoed",
        "Erfgoed in je straat",
        "Onderzoek naar de geschiedenis van de eigen wijk",
        ["leerjaar 2", "leerjaar 3"],
    ),
    (
        6,
        "literatuur-en-lezen",
        "Schrijversbezoek in de klas",
        "Een kinderboekenschrijver vertelt en leest voor",
        ["groep 3", "groep 4", "groep 5"],
    ),
    (
        6,
        "literatuur-en-lezen",
        "Poëzieles: gedichten maken",
        "Spelen met woorden en klanken",
        ["groep 6", "groep 7", "groep 8"],
    ),
    (
        6,
        "literatuur-en-lezen",
        "Voorlezen in het SO",
        "Interactief voorlezen met prenten",
        ["SO onderbouw"],
    ),
    (
        7,
        "muziek",
        "Zingen met de hele school",
        "Een koordirigent zingt met alle groepen",
        ["groep 1", "groep 2", "groep 3", "groep 4"],
    ),
    (
        3,
        "design-en-architectuur",
        "Ontwerp je droomschoolplein",
        "Leerlingen ontwerpen en maken een maquette",
        ["groep 7", "groep 8"],
    ),
    (
        2,
        "theater",
        "Theater voor de bovenbouw VO",
        "Een voorstelling over keuzes en toekomst",
        ["leerjaar 4", "leerjaar 5", "leerjaar 6"],
    ),
]

WIJKEN = list(VENUES)
AGES = [(4, 6), (6, 12), (8, 12), (12, 18), (16, 99), (18, 99), (4, 99), (55, 99)]
RECURRING = {"lessons", "club"}


def _location(wijk):
    name, street, postcode, lat, lon = VENUES[wijk]
    return {
        "name": name,
        "street_address": street,
        "postcode": postcode,
        "wijk": wijk,
        "latitude": Decimal(lat),
        "longitude": Decimal(lon),
    }


def _price(n):
    """A spread of prices: free, small amounts, up to €10, ranges, more."""
    pattern = n % 6
    if pattern == 0:
        return {"price_kind": PriceKind.FREE, "price_from": None, "price_to": None}
    if pattern == 1:
        return {"price_kind": PriceKind.AMOUNT, "price_from": Decimal("5.00"), "price_to": None}
    if pattern == 2:
        return {"price_kind": PriceKind.AMOUNT, "price_from": Decimal("9.50"), "price_to": None}
    if pattern == 3:
        return {
            "price_kind": PriceKind.RANGE,
            "price_from": Decimal("12.50"),
            "price_to": Decimal("25.00"),
        }
    if pattern == 4:
        return {"price_kind": PriceKind.AMOUNT, "price_from": Decimal("45.00"), "price_to": None}
    return {"price_kind": PriceKind.AMOUNT, "price_from": Decimal("120.00"), "price_to": None}


def _dates(n, now):
    """Dates in the coming weeks: one, or a short series of weekly dates."""
    first = (now + timedelta(days=3 + (n * 5) % 40)).replace(
        hour=10 + n % 9, minute=0, second=0, microsecond=0
    )
    count = 1 if n % 3 else 4
    return [first + timedelta(weeks=week) for week in range(count)]


def _leisure_attrs(n, row, now):
    provider_index, discipline, kind, title, what = row
    age_min, age_max = AGES[n % len(AGES)]
    attrs = {
        "title": title,
        "leisure_kind": kind,
        "summary": f"{what}.",
        "description": (
            f"{what}. Voor iedereen van {age_min} tot {age_max} jaar, "
            "in een kleine groep met een ervaren docent. Materiaal is aanwezig."
        ),
        "age_min": age_min,
        "age_max": age_max,
        "accessibility": "Rolstoeltoegankelijk; ringleiding aanwezig." if n % 2 else "",
        **_price(n),
    }
    if kind in RECURRING:
        attrs.update(
            schedule_kind=ScheduleKind.RECURRING,
            schedule_text=f"Elke {WEEKDAYS[n % len(WEEKDAYS)]} van 15:30 tot 16:30",
            dates=[],
        )
    else:
        attrs.update(schedule_kind=ScheduleKind.DATES, dates=_dates(n, now))
    return provider_index, discipline, attrs


def _education_attrs(n, row, now):
    provider_index, discipline, title, what, groups = row
    attrs = {
        "title": title,
        "summary": f"{what}.",
        "description": (
            f"{what}. De docent komt naar school of de klas komt naar ons toe; "
            "we stemmen het programma af met de cultuurcoördinator."
        ),
        "age_min": None,
        "age_max": None,
        "curriculum_link": "Kerndoelen kunstzinnige oriëntatie (54-56)",
        "duration_minutes": 60 + 30 * (n % 3),
        "max_pupils": 30,
        "price_unit": PriceUnit.PER_PUPIL if n % 2 else PriceUnit.PER_GROUP,
        "school_arranges": "Een lokaal met digibord." if n % 2 else "Een lege gymzaal.",
        "school_groups": list(SchoolGroup.objects.filter(name__in=groups)),
        **_price(n + 1),
    }
    if n % 2:
        attrs.update(
            schedule_kind=ScheduleKind.ON_REQUEST, schedule_text="Het hele schooljaar", dates=[]
        )
    else:
        attrs.update(schedule_kind=ScheduleKind.DATES, dates=_dates(n, now))
    return provider_index, discipline, attrs


WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"]

# Offers of De Toonladder (the aanbieder demo login) that show each moderation state.
IN_MODERATION = ["Drumles in een groepje", "Songwriting voor de brugklas"]
IN_MODERATION_OTHER = ["Musicalklas"]
CHANGES_REQUESTED = "Pianoles op maat"
PENDING_EDIT = "Gitaarles voor beginners"
DRAFT = "Orkest in de school"
CHANGES_COMMENT = (
    "Vermeld graag wat een proefles kost en voor welke leeftijd de lessen zijn bedoeld."
)


@hooks.register("portal_demo_data", order=25)
def load_offers(users, home, **kwargs):
    """About 60 offers across disciplines, wijken and both kinds; most published, some waiting
    for the moderator, one with changes requested and one published with a pending edit."""
    from listings.moderation import ensure_moderation_setup

    catalogues = ensure_moderation_setup(home)
    providers = [Provider.objects.get(name=row[0]) for row in PROVIDERS]
    moderator = users["moderator"]
    now = timezone.now()
    rows = [(OfferKind.LEISURE, *_leisure_attrs(n, row, now)) for n, row in enumerate(LEISURE)]
    rows += [
        (OfferKind.EDUCATION, *_education_attrs(n, row, now)) for n, row in enumerate(EDUCATION)
    ]
    with search_updates_paused():  # indexed once at the end (below): ~8 s less per demo load
        made = _make_offers(rows, catalogues, providers, moderator, users, now)
    # Saving a page queues its search-index update as a background task; index the demo's
    # offers now, so the catalogue's search finds them whatever the task backend.
    index_once(made)
    return made


def _make_offers(rows, catalogues, providers, moderator, users, now):
    from listings.moderation import transition

    made = []
    for n, (kind, provider_index, discipline, attrs) in enumerate(rows):
        provider = providers[provider_index]
        if OfferPage.objects.filter(provider=provider, title=attrs["title"]).exists():
            continue
        factory_class = LeisureOfferFactory if kind == OfferKind.LEISURE else EducationOfferFactory
        wijk = WIJKEN[n % len(WIJKEN)]
        locations = [_location(wijk)]
        if n % 7 == 0:
            locations.append(_location(WIJKEN[(n + 5) % len(WIJKEN)]))
        waiting = attrs["title"] in (*IN_MODERATION, *IN_MODERATION_OTHER, DRAFT)
        offer = factory_class(
            parent=catalogues[kind],
            provider=provider,
            slug=unique_slug(catalogues[kind], attrs["title"]),
            disciplines=list(Discipline.objects.filter(slug=discipline)),
            locations=locations,
            live=not waiting,
            content_updated_at=now - timedelta(days=(n * 11) % 400),
            **attrs,
        )
        member = provider.memberships.order_by("pk").first().user
        if attrs["title"] in (*IN_MODERATION, *IN_MODERATION_OTHER, DRAFT):
            offer.save_revision(user=member)
            if attrs["title"] != DRAFT:
                transition(offer, "submit", member)
        else:
            offer.save_revision(user=member).publish(user=moderator)
        made.append(offer)

    toonladder = providers[0]
    aanbieder = users["aanbieder"]
    changes = OfferPage.objects.filter(provider=toonladder, title=CHANGES_REQUESTED).first()
    if changes is not None and not changes.workflow_states.exists():
        changes = changes.specific
        changes.summary = "Van klassiek tot pop, in je eigen tempo; proefles mogelijk."
        changes.save_revision(user=aanbieder)
        transition(changes, "submit", aanbieder)
        task_state = changes.current_workflow_task_state.specific
        task_state.task.specific.on_action(task_state, moderator, "reject", comment=CHANGES_COMMENT)
    pending = OfferPage.objects.filter(provider=toonladder, title=PENDING_EDIT).first()
    if pending is not None and not pending.workflow_states.exists():
        draft = pending.specific
        draft.description += " Nieuw: ook lessen op zaterdagochtend."
        draft.content_updated_at = now
        draft.save_revision(user=aanbieder)
        transition(draft, "submit", aanbieder)
    return made
