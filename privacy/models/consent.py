"""The consent ledger: every consent and withdrawal, append-only, with the exact text shown."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.personal_data import personal_data
from privacy import purposes


class ConsentText(models.Model):
    """One version of the text a person agrees to. Never edited: a change is a new version."""

    topic = models.SlugField(_("topic"), help_text=_("E.g. newsletter, photos, analytics."))
    version = models.PositiveIntegerField(_("version"))
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["topic", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "version"], name="unique_consent_version")
        ]

    def __str__(self):
        return f"{self.topic} v{self.version}"

    @property
    def text(self):
        return self.text_en if translation.get_language() == "en" else self.text_nl

    @classmethod
    def current(cls, topic):
        return cls.objects.filter(topic=topic).order_by("-version").first()


class AppendOnlyError(Exception):
    pass


class ConsentRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The consent ledger is append-only.")

    def for_subject(self, *, user=None, email=None, key=None):
        if user is not None:
            return self.filter(user=user)
        if email:
            return self.filter(subject_email=email.strip().lower())
        return self.filter(subject_key=key)

    def latest_per_topic(self):
        """The last record per topic: what the person's choice is now."""
        latest = {}
        for record in self.select_related("text").order_by("at", "pk"):
            latest[record.topic] = record
        return latest


def _consent_ended():
    """A consent's purpose (proof) ends when it is withdrawn; a withdrawal's when it is made."""
    # The same subject: same account (both rows without one count as the same, as after the
    # account was deleted), same address, same visitor key.
    later_withdrawal = (
        ConsentRecord.objects.annotate(account=Coalesce("user", Value(0)))
        .filter(
            topic=OuterRef("topic"),
            given=False,
            at__gte=OuterRef("at"),
            account=Coalesce(OuterRef("user"), Value(0)),
            subject_email=OuterRef("subject_email"),
            subject_key=OuterRef("subject_key"),
        )
        .order_by("at")
    )
    return Coalesce(
        Subquery(later_withdrawal.values("at")[:1]),
        models.Case(models.When(given=False, then="at"), default=None),
    )


@personal_data(
    purpose=purposes.PRIVACYBEHEER,
    fields=["user", "subject_email", "subject_key"],
    subject="user",
    subject_email="subject_email",
    ended=_consent_ended,
    label=_("Consent given or withdrawn"),
)
class ConsentRecord(models.Model):
    """One consent or withdrawal. Rows are only ever added; withdrawing appends a row."""

    topic = models.SlugField(_("topic"))
    text = models.ForeignKey(
        ConsentText, verbose_name=_("text shown"), on_delete=models.PROTECT, related_name="+"
    )
    given = models.BooleanField(_("consent given"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    source = models.CharField(
        _("where"), max_length=50, help_text=_("E.g. newsletter form, cookie banner.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    subject_email = models.EmailField(_("email address"), blank=True)
    # A random id from a cookie, for visitors without an account (the cookie banner).
    subject_key = models.CharField(_("visitor key"), max_length=64, blank=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent ledger")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["topic", "subject_email"]),
            models.Index(fields=["topic", "subject_key"]),
        ]

    def __str__(self):
        state = _("given") if self.given else _("withdrawn")
        return f"{self.topic} {state} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The consent ledger is append-only.")
        self.subject_email = (self.subject_email or "").strip().lower()
        super().save(*args, **kwargs)

    @classmethod
    def record(cls, topic, given, source, *, user=None, email="", key=""):
        text = ConsentText.current(topic)
        if text is None:
            raise ValueError(f"No consent text for topic {topic!r}")
        return cls.objects.create(
            topic=topic,
            text=text,
            given=given,
            source=source,
            user=user,
            subject_email=email,
            subject_key=key,
        )
