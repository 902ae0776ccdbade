from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from wagtail_factories import PageFactory

from portal.models import StandardPage, User


@cache
def demo_password_hash():
    return make_password(getattr(settings, "DEMO_PASSWORD", "Cultuur-demo-2026"))


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified email address who can log in with `password`."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.test")
    # Everyone gets DEMO_PASSWORD, hashed once per process (hashing is slow by design).
    password = factory.LazyFunction(lambda: demo_password_hash())

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        EmailAddress.objects.update_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Faker("sentence", nb_words=3, locale="nl_NL")
    intro = factory.Faker("paragraph", locale="nl_NL")


def make_invitation(model, organisation, email, role, invited_by=None):
    """An invitation with its raw token, exactly as the invite form creates one."""
    return model.create_for(organisation, email, role, invited_by=invited_by)
