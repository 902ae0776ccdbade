"""Demo providers for `manage.py load_demo`: 8 cultural organisations and artists, with members."""

from wagtail import hooks

from listings.models import ProviderInvitation, ProviderKind, ProviderRole
from portal.demo import email, staff_name
from portal.fields import Wijk
from tests.factories.listings import ProviderFactory, ProviderMembershipFactory
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
