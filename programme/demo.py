"""Demo data for `manage.py load_demo`: four Stadkamer branches with their rooms, and a programme
of 20 activities over the coming weeks (lectures, workshops, a performance, a course with
several sessions, holiday activities for children with the child's details, a paid activity and
a prize contest), with sign-ups: one activity full with a waiting list, and one activity that
ended two days ago, whose sign-ups the retention job (`manage.py apply_retention`) removes.

The programme staff log in as programmamaker@demo.cultuurportaal.test (portal/demo.py).
Idempotent: nothing is added when the demo's programme exists.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail import hooks

from listings.models import Discipline, LeisureKind, PriceKind
from portal.demo import DEMO_DOMAIN, index_once, search_updates_paused
from portal.fields import Wijk
from programme import signups
from programme.models import AgeGroup, ProgrammeActivityPage, SignupScope
from programme.setup import ensure_programme
from tests.factories.programme import ActivityFactory, BranchFactory, RoomFactory, organisation

FIRST_SLUG = "demo-lezing-hanzestad"

BRANCHES = [
    # name, street, postcode, wijk, rooms [(name, seats)]
    (
        "Stadkamer Centrum",
        "Zeven Alleetjes 1",
        "8011 CV",
        Wijk.BINNENSTAD,
        [("Theaterzaal", 120), ("Leeszaal", 40), ("Atelier", 16)],
    ),
    (
        "Stadkamer Stadshagen",
        "Stadshagenplein 3",
        "8043 VZ",
        Wijk.STADSHAGEN,
        [("Wijkzaal", 50), ("Kinderhoek", 20)],
    ),
    ("Stadkamer Zuid", "Van der Capellenstraat 2", "8014 VR", Wijk.ZWOLLE_ZUID, [("Zaal", 60)]),
    ("Stadkamer Holtenbroek", "Holtenbroekerweg 20", "8025 AB", Wijk.HOLTENBROEK, [("Zaal", 30)]),
]

# slug suffix, title, kind, day offset, hour, room (branch, name), places, extra attributes
ACTIVITIES = [
    ("lezing-hanzestad", "Lezing: Zwolle in de Hanzetijd", LeisureKind.LECTURE, 3, 20, 0, 0, 8, {}),
    ("poezieavond", "Poëzieavond aan de IJssel", LeisureKind.LECTURE, 5, 20, 0, 1, 40, {}),
    ("linosnede", "Workshop linosnede", LeisureKind.WORKSHOP, 6, 14, 0, 2, 12, {"paid": "12.50"}),
    (
        "strip-tekenen",
        "Strips tekenen voor kinderen",
        LeisureKind.HOLIDAY,
        7,
        10,
        1,
        1,
        16,
        {"child": True},
    ),
    (
        "voorstelling-verhalen",
        "Voorstelling: Verhalen uit de Wijk",
        LeisureKind.PERFORMANCE,
        9,
        19,
        0,
        0,
        120,
        {},
    ),
    (
        "schrijfcursus",
        "Cursus creatief schrijven (4 avonden)",
        LeisureKind.COURSE,
        10,
        19,
        0,
        1,
        None,
        {"course": 14},
    ),
    ("fotografie", "Workshop smartphonefotografie", LeisureKind.WORKSHOP, 11, 14, 2, 0, 20, {}),
    (
        "podcast",
        "Lezing: de geschiedenis van de podcast",
        LeisureKind.LECTURE,
        12,
        20,
        3,
        0,
        30,
        {},
    ),
    (
        "robots",
        "Robots bouwen in de herfstvakantie",
        LeisureKind.HOLIDAY,
        13,
        10,
        1,
        1,
        12,
        {"child": True},
    ),
    ("zine", "Workshop zine maken", LeisureKind.WORKSHOP, 14, 15, 0, 2, 14, {}),
    ("muziekquiz", "Muziekquiz in de bibliotheek", LeisureKind.PERFORMANCE, 15, 20, 2, 0, 60, {}),
    ("stamboom", "Lezing: je stamboom uitzoeken", LeisureKind.LECTURE, 17, 14, 3, 0, 30, {}),
    ("breiclub", "Breien en verhalen: open middag", LeisureKind.WORKSHOP, 18, 14, 1, 0, 25, {}),
    (
        "kamermuziek",
        "Kamermuziek op zondag",
        LeisureKind.PERFORMANCE,
        20,
        15,
        0,
        0,
        100,
        {"paid": "7.50"},
    ),
    (
        "digitaal-tekenen",
        "Digitaal tekenen op de tablet",
        LeisureKind.WORKSHOP,
        21,
        14,
        0,
        2,
        12,
        {},
    ),
    (
        "sterrenkijken",
        "Lezing: sterrenkijken in de stad",
        LeisureKind.LECTURE,
        24,
        20,
        2,
        0,
        60,
        {},
    ),
    (
        "prentenboek",
        "Prentenboek maken met je kind",
        LeisureKind.HOLIDAY,
        26,
        10,
        1,
        1,
        10,
        {"child": True},
    ),
    (
        "filmavond",
        "Filmavond: korte films uit Overijssel",
        LeisureKind.PERFORMANCE,
        28,
        20,
        0,
        0,
        120,
        {},
    ),
    (
        "fotowedstrijd",
        "Fotowedstrijd: Zwolle in de herfst",
        LeisureKind.CONTEST,
        21,
        12,
        0,
        1,
        None,
        {"contest": True},
    ),
    # Ended two days ago: the retention job removes its sign-ups.
    ("archief", "Rondleiding door het stadsarchief", LeisureKind.LECTURE, -2, 14, 0, 1, 20, {}),
]

NAMES = [
    "Anouk de Vries",
    "Bas Jansen",
    "Carmen Alvarez",
    "Dirk Mulder",
    "Eline Bakker",
    "Farid El Idrissi",
    "Greet Postma",
    "Hanna Kok",
    "Ismail Yilmaz",
    "Joke Smit",
    "Karin Visser",
    "Lars Meijer",
    "Mariam Haddou",
    "Niels de Boer",
    "Olga Nowak",
]


def demo_email(n):
    return f"deelnemer{n}@{DEMO_DOMAIN}"


def _start(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@hooks.register("portal_demo_data", order=75)
def load_programme(users, home, **kwargs):
    if ProgrammeActivityPage.objects.filter(slug=f"demo-{ACTIVITIES[0][0]}").exists():
        return
    programme = ensure_programme(home)
    provider = organisation()
    rooms = []
    for name, street, postcode, wijk, room_rows in BRANCHES:
        branch = BranchFactory(name=name, street_address=street, postcode=postcode, wijk=wijk)
        rooms.append([RoomFactory(branch=branch, name=r, seats=seats) for r, seats in room_rows])
    disciplines = list(Discipline.objects.order_by("sort_order"))

    made = []
    with search_updates_paused():
        for n, (slug, title, kind, days, hour, b, r, places, extra) in enumerate(ACTIVITIES):
            made.append(
                _activity(
                    programme,
                    provider,
                    rooms[b][r],
                    disciplines,
                    n,
                    slug,
                    title,
                    kind,
                    days,
                    hour,
                    places,
                    extra,
                )
            )
    index_once(made)
    by_slug = {activity.slug: activity for activity in made}
    _sign_ups(by_slug)


def _activity(
    programme, provider, room, disciplines, n, slug, title, kind, days, hour, places, extra
):
    start = _start(days, hour)
    attrs = {
        "parent": programme,
        "provider": provider,
        "title": title,
        "slug": f"demo-{slug}",
        "summary": f"{title} in {room.branch.name}.",
        "description": "Een activiteit van de bibliotheek zelf. Aanmelden is gratis, tenzij "
        "er een prijs bij staat.",
        "leisure_kind": kind,
        "disciplines": [disciplines[n % len(disciplines)]] if disciplines else None,
        "sessions__room": room,
    }
    if kind in (LeisureKind.HOLIDAY,):
        attrs.update(age_min=6, age_max=12, asks_child_details=extra.get("child", False))
    if "paid" in extra:
        attrs.update(price_kind=PriceKind.AMOUNT, price_from=Decimal(extra["paid"]))
    if "course" in extra:
        attrs.update(signup_scope=SignupScope.ACTIVITY, capacity=extra["course"])
        attrs["sessions"] = [(start + timedelta(days=7 * week), None) for week in range(4)]
    elif "contest" in extra:
        attrs.update(signup_scope=SignupScope.NONE, contest_closes_at=start)
        attrs["sessions"] = [(start, None)]
    else:
        # The ended activity is made in the future and moved back after its sign-ups.
        attrs["sessions"] = [(start if days > 0 else _start(1, hour), places)]
    return ActivityFactory(**attrs)


def _sign_ups(by_slug):
    full = by_slug["demo-lezing-hanzestad"]  # 8 places: full, 3 on the waiting list
    for n in range(11):
        signups.sign_up(full, full.sessions.get(), name=NAMES[n], email=demo_email(n), notify=False)
    for slug, count in [("demo-poezieavond", 12), ("demo-linosnede", 5), ("demo-kamermuziek", 9)]:
        activity = by_slug[slug]
        for n in range(count):
            signups.sign_up(
                activity,
                activity.sessions.get(),
                name=NAMES[n % len(NAMES)],
                email=demo_email(100 + n),
                places=1 + n % 2,
                notify=False,
            )
    paid = by_slug["demo-linosnede"].signups.first()
    signups.set_paid(paid, True)
    course = by_slug["demo-schrijfcursus"]
    for n in range(6):
        signups.sign_up(course, name=NAMES[n], email=demo_email(200 + n), notify=False)
    kids = by_slug["demo-strip-tekenen"]
    for n, (child, group) in enumerate([("Sem", AgeGroup.CHILD), ("Noor", AgeGroup.OLDER_CHILD)]):
        signups.sign_up(
            kids,
            kids.sessions.get(),
            name=NAMES[n + 5],
            email=demo_email(300 + n),
            child_first_name=child,
            child_age_group=group,
            notify=False,
        )
    contest = by_slug["demo-fotowedstrijd"]
    for n in range(4):
        signups.enter_contest(
            contest, name=NAMES[n + 8], email=demo_email(400 + n), answer="Foto van de Peperbus"
        )

    ended = by_slug["demo-archief"]
    for n in range(6):
        signups.sign_up(
            ended, ended.sessions.get(), name=NAMES[n], email=demo_email(500 + n), notify=False
        )
    for signup in ended.signups.all()[:4]:
        signups.set_attended(signup, True)
    session = ended.sessions.get()
    session.start = _start(-2, 14)
    session.end = session.start + timedelta(hours=2)
    session.save()
    ended.save()  # its end follows the session: two days ago, past the register's one day
