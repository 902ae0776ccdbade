import factory
from django.utils.text import slugify

from listings.models import (
    Provider,
    ProviderInvitation,
    ProviderKind,
    ProviderMembership,
    ProviderRole,
)
from portal.fields import Wijk
from tests.factories.portal import UserFactory, make_invitation


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Muziekschool De Toonladder {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = ProviderKind.ORGANISATION
    summary = factory.Faker("sentence", nb_words=12, locale="nl_NL")
    description = factory.Faker("paragraph", nb_sentences=4, locale="nl_NL")
    city = "Zwolle"
    wijk = Wijk.BINNENSTAD


class ProviderMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderMembership
        django_get_or_create = ("provider", "user")

    provider = factory.SubFactory(ProviderFactory)
    user = factory.SubFactory(UserFactory)
    role = ProviderRole.BEHEERDER


def provider_invitation(
    provider=None, email="uitgenodigd@voorbeeld.test", role=ProviderRole.REDACTEUR
):
    return make_invitation(ProviderInvitation, provider or ProviderFactory(), email, role)
