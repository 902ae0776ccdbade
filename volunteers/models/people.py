"""The people of both programmes: VoorleesExpress volunteers and Taalpunt participants and
volunteers, with their timelines (status changes, intake notes, VOG steps, matches, messages).

One abstract `Person` holds what both programmes ask; each programme has its own concrete model
because each belongs to its own purpose in the register (VoorleesExpress, Taalpunt), and a
coordinator of one never sees the other's table.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import PostcodeField, WijkField
from portal.personal_data import personal_data
from privacy import purposes
from volunteers.fields import ChoiceSetField
from volunteers.models.choices import (
    DAY_PARTS,
    DAYS,
    ActivityKind,
    KeepReason,
    Language,
    LearningGoal,
    Level,
    Status,
)

VOG_VALID_YEARS = 3
READING_PERIOD_WEEKS = 20


def retention_end():
    """When a person's purpose ended, for retention (privacy/retention.py): the moment they
    stopped, or nothing (kept) while a coordinator's recorded reason to keep them holds."""
    return Case(
        When(keep_until__gte=timezone.localdate(), then=Value(None)),
        default=F("stopped_at"),
        output_field=models.DateTimeField(),
    )


class PersonQuerySet(models.QuerySet):
    def confirmed(self):
        """What coordinators see: nothing exists for them until the person confirmed by email."""
        return self.exclude(status=Status.UNCONFIRMED)

    def unconfirmed_before(self, moment):
        return self.filter(status=Status.UNCONFIRMED, registered_at__lt=moment)


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    wijk = WijkField()
    availability = ChoiceSetField(_("available"), choice_list=DAY_PARTS)
    languages = ChoiceSetField(_("languages you speak"), choice_list=Language.choices)
    language = models.CharField(
        _("language for our emails"), max_length=5, default="nl", editable=False
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    # Retention: a coordinator may keep a stopped person's data longer, only with a reason.
    keep_until = models.DateField(_("keep data until"), null=True, blank=True)
    keep_reason = models.CharField(
        _("reason to keep longer"), max_length=20, choices=KeepReason.choices, blank=True
    )
    keep_reason_note = models.CharField(_("about the reason"), max_length=300, blank=True)
    retention_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def name(self):
        return str(self)


@personal_data(
    purpose=purposes.VOORLEESEXPRESS,
    fields=[
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "wijk",
        "availability",
        "languages",
        "experience",
        "motivation",
        "vog_requested_on",
        "vog_received_on",
        "vog_issued_on",
        "keep_reason_note",
    ],
    subject_email="email",
    ended=retention_end,
    label=_("VoorleesExpress volunteer"),
)
class ReadingVolunteer(Person):
    """A VoorleesExpress volunteer: reads aloud at a family's home, weekly for 20 weeks."""

    programme = "voorleesexpress"

    postcode = PostcodeField()
    experience = models.TextField(
        _("experience with children"),
        blank=True,
        help_text=_("E.g. your own children, school, sports club, reading aloud in the library."),
    )
    motivation = models.TextField(_("why you want to read aloud"), max_length=1500)

    vog_requested_on = models.DateField(_("VOG requested on"), null=True, blank=True)
    vog_received_on = models.DateField(_("VOG received on"), null=True, blank=True)
    vog_issued_on = models.DateField(
        _("date on the VOG"), null=True, blank=True, help_text=_("The date the VOG was issued.")
    )

    class Meta(Person.Meta):
        verbose_name = _("VoorleesExpress volunteer")
        verbose_name_plural = _("VoorleesExpress volunteers")
        indexes = [models.Index(fields=["status", "last_name", "first_name", "id"])]

    def vog_expires_on(self):
        if not self.vog_issued_on:
            return None
        issued = self.vog_issued_on
        try:
            return issued.replace(year=issued.year + VOG_VALID_YEARS)
        except ValueError:  # 29 February
            return issued.replace(year=issued.year + VOG_VALID_YEARS, day=28)

    def vog_valid(self, on=None) -> bool:
        """A VOG was received and is less than three years old."""
        on = on or timezone.localdate()
        expires = self.vog_expires_on()
        return bool(self.vog_received_on and expires and expires > on)

    def vog_reminder_due(self, on=None) -> bool:
        """Three years on, the coordinator is reminded to ask for a new VOG."""
        on = on or timezone.localdate()
        expires = self.vog_expires_on()
        return bool(expires and expires <= on and self.status != Status.STOPPED)


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    VOLUNTEER = "volunteer", _("volunteer")


@personal_data(
    purpose=purposes.TAALPUNT,
    fields=[
        "first_name",
        "last_name",
        "email",
        "phone",
        "wijk",
        "availability",
        "languages",
        "learning_goals",
        "level",
        "interests",
        "motivation",
        "parent_name",
        "parent_email",
        "pending_statistics",
        "keep_reason_note",
    ],
    subject_email="email",
    ended=retention_end,
    label=_("Taalpunt participant or volunteer"),
)
class TaalpuntPerson(Person):
    """A participant (deelnemer) or volunteer (taalvrijwilliger) of the Taalpunt."""

    programme = "taalpunt"

    role = models.CharField(_("taking part as"), max_length=20, choices=Role.choices)
    interests = ChoiceSetField(
        _("activities you are interested in"), choice_list=ActivityKind.choices
    )
    # Participants
    learning_goals = ChoiceSetField(_("what you want to learn"), choice_list=LearningGoal.choices)
    level = models.CharField(_("your Dutch now"), max_length=20, choices=Level.choices, blank=True)
    under_16 = models.BooleanField(_("younger than 16"), default=False)
    parent_name = models.CharField(_("name of a parent or guardian"), max_length=200, blank=True)
    parent_email = models.EmailField(_("email address of the parent or guardian"), blank=True)
    parent_consent_at = models.DateTimeField(_("parent's consent given"), null=True, blank=True)
    # Volunteers
    motivation = models.TextField(_("why you want to help"), max_length=1500, blank=True)
    # The statistical answers wait here until the registration is confirmed; then they go, apart
    # from the person, to the statistics table, and are removed here.
    pending_statistics = models.JSONField(null=True, blank=True, editable=False)

    class Meta(Person.Meta):
        verbose_name = _("Taalpunt participant or volunteer")
        verbose_name_plural = _("Taalpunt participants and volunteers")
        indexes = [models.Index(fields=["status", "last_name", "first_name", "id"])]

    @property
    def is_participant(self):
        return self.role == Role.PARTICIPANT


class EventKind(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed by email")
    STATUS = "status", _("status changed")
    NOTE = "note", _("intake note")
    VOG = "vog", _("VOG")
    MATCH = "match", _("matched to a family")
    MESSAGE = "message", _("message sent")
    KEEP = "keep", _("data kept longer")
    SIGN_OFF = "sign_off", _("signed off")


class Event(models.Model):
    """One line of a person's timeline; status changes, notes and the rest, append-only."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


@personal_data(
    purpose=purposes.VOORLEESEXPRESS,
    fields=["actor", "text"],
    subject_email="person__email",
    label=_("VoorleesExpress timeline entry"),
)
class ReadingVolunteerEvent(Event):
    person = models.ForeignKey(ReadingVolunteer, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("VoorleesExpress timeline entry")
        verbose_name_plural = _("VoorleesExpress timeline entries")


@personal_data(
    purpose=purposes.TAALPUNT,
    fields=["actor", "text"],
    subject_email="person__email",
    label=_("Taalpunt timeline entry"),
)
class TaalpuntEvent(Event):
    person = models.ForeignKey(TaalpuntPerson, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("Taalpunt timeline entry")
        verbose_name_plural = _("Taalpunt timeline entries")


@personal_data(
    purpose=purposes.VOORLEESEXPRESS,
    fields=["volunteer", "family_label", "wijk"],
    subject_email="volunteer__email",
    ended="ends_on",
    label=_("VoorleesExpress reading period"),
)
class ReadingPeriod(models.Model):
    """A volunteer matched to a family for 20 weeks. Of the family only what the coordinator
    needs to plan: their own label (no names, no address) and the wijk."""

    volunteer = models.ForeignKey(
        ReadingVolunteer, on_delete=models.CASCADE, related_name="periods"
    )
    family_label = models.CharField(
        _("family"),
        max_length=60,
        help_text=_("Your own reference for the family, e.g. a file number. No names."),
    )
    wijk = WijkField()
    starts_on = models.DateField(_("first reading session"))
    ends_on = models.DateField(_("last week"), editable=False)
    weekday = models.CharField(_("weekly on"), max_length=3, choices=DAYS)
    time = models.TimeField(_("time"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reading period")
        verbose_name_plural = _("reading periods")
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.family_label} {self.starts_on} - {self.ends_on}"

    def save(self, *args, **kwargs):
        self.ends_on = self.starts_on + timedelta(weeks=READING_PERIOD_WEEKS) - timedelta(days=1)
        super().save(*args, **kwargs)


class Message(models.Model):
    """An email a coordinator sent from the portal to one or more people: the log."""

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject


@personal_data(
    purpose=purposes.VOORLEESEXPRESS,
    fields=["sent_by", "body"],
    ended="sent_at",
    label=_("message to VoorleesExpress volunteers"),
)
class ReadingMessage(Message):
    recipients = models.ManyToManyField(ReadingVolunteer, related_name="messages")

    class Meta(Message.Meta):
        verbose_name = _("message to VoorleesExpress volunteers")
        verbose_name_plural = _("messages to VoorleesExpress volunteers")


@personal_data(
    purpose=purposes.TAALPUNT,
    fields=["sent_by", "body"],
    ended="sent_at",
    label=_("message to Taalpunt participants and volunteers"),
)
class TaalpuntMessage(Message):
    recipients = models.ManyToManyField(TaalpuntPerson, related_name="messages")

    class Meta(Message.Meta):
        verbose_name = _("message to Taalpunt participants and volunteers")
        verbose_name_plural = _("messages to Taalpunt participants and volunteers")
