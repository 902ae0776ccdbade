"""Newsletters: lists, subscribers with double opt-in, issues sent to a list."""

from django.core import signing
from django.db import models
from django.db.models import Case, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from portal.personal_data import no_personal_data, personal_data
from privacy import purposes

UNSUBSCRIBE_SALT = "privacy.newsletter.unsubscribe"
CONFIRM_SALT = "privacy.newsletter.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


@no_personal_data(name_nl="the name of a newsletter", name_en="the name of a newsletter")
class NewsletterList(models.Model):
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    slug = models.SlugField(_("code"), unique=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("open for subscriptions"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["sort_order", "name_nl"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if translation.get_language() == "en" else self.name_nl

    @property
    def description(self):
        return self.description_en if translation.get_language() == "en" else self.description_nl


def _subscriber_ended():
    """Ended when unsubscribed from everything, or, never confirmed, when signing up (the
    confirmation link works for a week; retention removes the address 30 days later)."""
    return Coalesce(
        "unsubscribed_at",
        Case(When(confirmed_at__isnull=True, then="created_at"), default=None),
    )


@personal_data(
    purpose=purposes.NIEUWSBRIEVEN,
    fields=["email"],
    subject_email="email",
    ended=_subscriber_ended,
    label=_("Newsletter subscription"),
)
class Subscriber(models.Model):
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=5, default="nl")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed from all"), null=True, blank=True)
    lists = models.ManyToManyField(
        NewsletterList, through="Subscription", verbose_name=_("newsletters"), blank=True
    )

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Subscriber #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None

    # --- the signed unsubscribe token: no login needed, nothing stored --------------------------
    def unsubscribe_token(self):
        return signing.dumps({"s": self.pk}, salt=UNSUBSCRIBE_SALT)

    @classmethod
    def from_unsubscribe_token(cls, token):
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return cls.objects.filter(pk=data["s"]).first()


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(
            unsubscribed_at__isnull=True,
            subscriber__confirmed_at__isnull=False,
            subscriber__unsubscribed_at__isnull=True,
        )


@personal_data(
    purpose=purposes.NIEUWSBRIEVEN,
    fields=["subscriber"],
    subject_email="subscriber__email",
    label=_("Newsletter you receive"),
)
class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        NewsletterList,
        verbose_name=_("newsletter"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    subscribed_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="unique_newsletter_subscription"
            )
        ]

    def __str__(self):
        return f"{self.newsletter} #{self.pk}"


class NewsletterIssue(models.Model):
    """One mailing to the confirmed subscribers of a newsletter."""

    newsletter = models.ForeignKey(
        NewsletterList, verbose_name=_("newsletter"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = RichTextField(_("text"), features=["bold", "italic", "link", "ol", "ul", "h3"])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
