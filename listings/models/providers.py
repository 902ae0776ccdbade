from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.fields import PostcodeField, WijkField
from portal.models.invitations import (
    AbstractInvitation,
    AbstractMembership,
    register_invitation_model,
)
from portal.personal_data import personal_data


class ProviderKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    ARTIST = "artist", _("Independent artist")


class ProviderQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


def provider_ended():
    """When a provider's purpose ended: its profile is not public, none of its offers is still
    live or awaiting moderation, and the latest of its offers ended before (so the offers, which
    keep the provider, go first). None while it is public or has an offer still in use."""
    from listings.models.offers import OfferPage, offer_ended

    offers = OfferPage.objects.filter(provider=OuterRef("pk")).annotate(ended=offer_ended())
    last_offer_ended = offers.order_by(F("ended").desc(nulls_last=True)).values("ended")[:1]
    return Case(
        When(
            Q(is_public=False, withdrawn_at__isnull=False)
            & ~Exists(offers.filter(ended__isnull=True)),
            then=Greatest(F("withdrawn_at"), Coalesce(Subquery(last_offer_ended), "withdrawn_at")),
        ),
        default=None,
        output_field=models.DateTimeField(),
    )


@personal_data(
    purpose="kunst-cultuurwijzer",
    # An independent artist's profile is about a person: their name, contact and story.
    fields=[
        "name",
        "slug",
        "public_email",
        "public_phone",
        "street_address",
        "postcode",
        "description",
    ],
    # The web address is made from the name; an anonymised profile keeps a unique one.
    anonymised={"slug": Concat(Value("aanbieder-"), Cast("pk", models.CharField()))},
    # ... and so it is about its members; an organisation's profile is not about its staff
    # (their own data is their membership), and erasing one of them leaves it be.
    subject="memberships__user",
    subject_filter={"kind": ProviderKind.ARTIST},
    ended=provider_ended,
    label=_("The public profile of your organisation or of you as an artist"),
)
class Provider(models.Model):
    """A cultural organisation or independent artist that offers activities; has members."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address name"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Leave empty to make it from the name."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for lists and cards.")
    )
    description = models.TextField(_("about"), blank=True)
    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(_("public email address"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=30, blank=True)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = PostcodeField(blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Zwolle")
    wijk = WijkField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("public profile"),
        default=True,
        help_text=_("Show the profile page in the Kunst- & Cultuurwijzer."),
    )
    # When the profile stopped being public (cleared when it is public again); retention counts
    # from here (provider_ended).
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:190] or "aanbieder"
            slug, n = base, 2
            while Provider.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        if self.is_public:
            self.withdrawn_at = None
        elif self.withdrawn_at is None:
            self.withdrawn_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "is_public" in update_fields:
            kwargs["update_fields"] = {*update_fields, "withdrawn_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("providers:profile", args=[self.slug])

    def get_member_url(self):
        return reverse("my_providers:detail", args=[self.pk])


class ProviderRole(models.TextChoices):
    BEHEERDER = "beheerder", _("Manager (beheerder)")
    REDACTEUR = "redacteur", _("Editor (redacteur)")


@personal_data(
    purpose="kunst-cultuurwijzer",
    fields=["user", "invited_by"],
    subject="user",
    label=_("Your membership of a cultural organisation"),
)
class ProviderMembership(AbstractMembership):
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=ProviderRole.choices)

    organisation_field = "provider"

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(fields=["provider", "user"], name="unique_provider_member")
        ]


@register_invitation_model
@personal_data(
    purpose="kunst-cultuurwijzer",
    fields=["email", "invited_by", "accepted_by"],
    subject_email="email",
    ended="expires_at",
    label=_("An invitation to join a cultural organisation"),
)
class ProviderInvitation(AbstractInvitation):
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=32, choices=ProviderRole.choices)

    kind = "aanbieder"
    organisation_field = "provider"
    membership_model = ProviderMembership

    class Meta:
        verbose_name = _("provider invitation")
        verbose_name_plural = _("provider invitations")
        indexes = [models.Index(fields=["email"])]
