import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import brin as stdnum_brin

from portal.fields import PostcodeField, WijkField
from portal.models.invitations import (
    AbstractInvitation,
    AbstractMembership,
    register_invitation_model,
)
from portal.personal_data import no_personal_data, personal_data
from portal.storage import private_storage


def validate_brin(value: str) -> None:
    """A BRIN: two digits and two letters (e.g. 12AB), without the branch number."""
    try:
        compact = stdnum_brin.validate(value)
    except StdnumValidationError:
        compact = ""
    if len(compact) != 4 or not compact[:2].isdigit() or not compact[2:].isalpha():
        raise ValidationError(
            _("Enter a valid BRIN number: two digits and two letters, e.g. 12AB."),
            code="invalid_brin",
        )


def validate_branch(value: str) -> None:
    if len(value) != 2 or not value.isdigit():
        raise ValidationError(
            _("Enter the branch number (vestiging) as two digits, e.g. 00."),
            code="invalid_branch",
        )


class SchoolType(models.TextChoices):
    PO = "PO", _("Primary education (PO)")
    SO = "SO", _("Special education (SO)")
    VSO = "VSO", _("Secondary special education (VSO)")
    VO = "VO", _("Secondary education (VO)")


class SchoolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


@no_personal_data(
    name="the name of a school, an organisation",
    street_address="the school's address",
    postcode="the school's address",
    email="the school's general address",
    phone="the school's general number",
)
class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(
        _("BRIN number"), max_length=4, validators=[validate_brin], help_text=_("E.g. 12AB")
    )
    branch = models.CharField(
        _("branch (vestiging)"),
        max_length=2,
        default="00",
        validators=[validate_branch],
        help_text=_("Two digits; 00 for the main branch."),
    )
    school_type = models.CharField(_("school type"), max_length=3, choices=SchoolType.choices)
    street_address = models.CharField(_("street and number"), max_length=200)
    postcode = PostcodeField()
    city = models.CharField(_("city"), max_length=100, default="Zwolle")
    wijk = WijkField()
    email = models.EmailField(_("school email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["brin", "branch"], name="unique_school_brin_branch")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.brin = (self.brin or "").replace(" ", "").upper()
        self.branch = (self.branch or "").strip()

    @property
    def brin_code(self):
        return f"{self.brin}{self.branch}"

    def get_member_url(self):
        return reverse("schools:detail", args=[self.pk])


class PupilCount(models.Model):
    """How many pupils a school had on a count date: a number, never who they are (the fund's
    budgets are per pupil; no pupil's personal data is kept anywhere)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="pupil_counts", verbose_name=_("school")
    )
    count_date = models.DateField(
        _("count date"), help_text=_("The day the pupils were counted, e.g. 1 February.")
    )
    pupils = models.PositiveIntegerField(_("pupils"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the number comes from, e.g. the file it was imported from."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pupil count")
        verbose_name_plural = _("pupil counts")
        ordering = ["school", "-count_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "count_date"], name="unique_pupil_count_per_school_and_date"
            )
        ]

    def __str__(self):
        return f"{self.school}: {self.pupils} ({self.count_date:%Y-%m-%d})"


def school_import_path(instance, filename):
    return f"schools/imports/{uuid.uuid4().hex}.csv"


@personal_data(
    purpose="fonds-cultuureducatie",
    fields=["uploaded_by", "applied_by"],
    subject="uploaded_by",
    ended="uploaded_at",
    label=_("A schools register import you uploaded or applied"),
)
@no_personal_data(original_name="the name of the uploaded file, a list of schools")
class SchoolImport(models.Model):
    """One upload of a schools CSV (schools.importing): kept in the private storage between
    the plan and applying it, and afterwards the log of imports. The file holds school data
    only (addresses of schools and pupil counts), no personal data."""

    file = models.FileField(_("file"), storage=private_storage, upload_to=school_import_path)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.JSONField(
        _("summary"),
        default=dict,
        blank=True,
        help_text=_("The plan: its counts per kind and what happens to each row."),
    )

    class Meta:
        verbose_name = _("schools import")
        verbose_name_plural = _("schools imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_applied(self):
        return self.applied_at is not None


class SchoolRole(models.TextChoices):
    DIRECTIE = "directie", _("Director (directie)")
    CULTUURCOORDINATOR = "cultuurcoordinator", _("Culture coordinator (ICC)")
    VAKDOCENT = "vakdocent", _("Subject teacher (vakdocent)")


@personal_data(
    purpose="fonds-cultuureducatie",
    fields=["user", "invited_by"],
    subject="user",
    label=_("Your membership of a school"),
)
class SchoolMembership(AbstractMembership):
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=SchoolRole.choices)
    # The directie always approves the school's spending; it may authorise other members too.
    may_approve_spending = models.BooleanField(
        _("authorised to approve spending"),
        default=False,
        help_text=_("Set by the directie: this member may approve the school's spending."),
    )

    organisation_field = "school"

    class Meta:
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="unique_school_member")
        ]


@register_invitation_model
@personal_data(
    purpose="fonds-cultuureducatie",
    fields=["email", "invited_by", "accepted_by"],
    subject_email="email",
    ended="expires_at",
    label=_("An invitation to join a school"),
)
class SchoolInvitation(AbstractInvitation):
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=32, choices=SchoolRole.choices)

    kind = "school"
    organisation_field = "school"
    membership_model = SchoolMembership

    class Meta:
        verbose_name = _("school invitation")
        verbose_name_plural = _("school invitations")
        indexes = [models.Index(fields=["email"])]
