"""Demo schools for `manage.py load_demo`: 10 schools across types and wijken, with staff."""

from wagtail import hooks

from portal.demo import DEMO_DOMAIN, email, staff_name
from portal.fields import Wijk
from schools.models import SchoolInvitation, SchoolRole, SchoolType
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory

SCHOOLS = [
    # name, brin, type, street, postcode, wijk
    ("OBS De Regenboog", "01RB", SchoolType.PO, "Regenboogstraat 4", "8043 MB", Wijk.STADSHAGEN),
    ("CBS Het Kompas", "02HK", SchoolType.PO, "Kompasweg 12", "8025 BL", Wijk.HOLTENBROEK),
    (
        "Basisschool De Wielewaal",
        "03WW",
        SchoolType.PO,
        "Wielewaalstraat 1",
        "8012 AR",
        Wijk.ASSENDORP,
    ),
    (
        "Montessorischool Diezerpoort",
        "04MD",
        SchoolType.PO,
        "Diezerplein 8",
        "8021 CV",
        Wijk.DIEZERPOORT,
    ),
    ("Jenaplanschool De Aa", "05JA", SchoolType.PO, "Aalanderweg 30", "8025 NE", Wijk.AALANDEN),
    ("Kindcentrum Schelle", "06KS", SchoolType.PO, "Schellerweg 50", "8017 AH", Wijk.SCHELLE),
    (
        "De Twijg, school voor speciaal onderwijs",
        "07TW",
        SchoolType.SO,
        "Twijgstraat 3",
        "8014 CD",
        Wijk.ZWOLLE_ZUID,
    ),
    ("Het Mozaïek (VSO)", "08MZ", SchoolType.VSO, "Berkumerlaan 77", "8024 AB", Wijk.BERKUM),
    (
        "Lyceum De IJsselgaard",
        "09IJ",
        SchoolType.VO,
        "IJsselallee 100",
        "8032 AK",
        Wijk.WESTENHOLTE,
    ),
    (
        "Vakcollege De Werkplaats",
        "10WP",
        SchoolType.VO,
        "Kamperstraat 21",
        "8011 LE",
        Wijk.KAMPERPOORT,
    ),
]


@hooks.register("portal_demo_data", order=10)
def load_schools(users, **kwargs):
    schools = []
    for n, (name, brin, school_type, street, postcode, wijk) in enumerate(SCHOOLS):
        school = SchoolFactory(
            brin=brin,
            branch="00",
            name=name,
            school_type=school_type,
            street_address=street,
            postcode=postcode,
            wijk=wijk,
            email=f"info@{brin.lower()}.{DEMO_DOMAIN}",
        )
        schools.append(school)
        # Every school has a director and a culture coordinator.
        first, last = staff_name(2 * n)
        SchoolMembershipFactory(
            school=school,
            user=UserFactory(
                email=email(f"directie.{brin.lower()}"), first_name=first, last_name=last
            ),
            role=SchoolRole.DIRECTIE,
        )
        first, last = staff_name(2 * n + 1)
        SchoolMembershipFactory(
            school=school,
            user=UserFactory(email=email(f"icc.{brin.lower()}"), first_name=first, last_name=last),
            role=SchoolRole.CULTUURCOORDINATOR,
        )
        if n == 0:
            SchoolMembershipFactory(school=school, user=users["directie"], role=SchoolRole.DIRECTIE)
            SchoolMembershipFactory(
                school=school, user=users["icc"], role=SchoolRole.CULTUURCOORDINATOR
            )
            SchoolMembershipFactory(
                school=school, user=users["vakdocent"], role=SchoolRole.VAKDOCENT
            )
    SchoolMembershipFactory(school=schools[1], user=users["icc"], role=SchoolRole.VAKDOCENT)
    if not SchoolInvitation.objects.filter(school=schools[0]).exists():
        SchoolInvitation.create_for(
            schools[0], email("nieuwe.leerkracht"), SchoolRole.VAKDOCENT, users["directie"]
        )
    return schools
