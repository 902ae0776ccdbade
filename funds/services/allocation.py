"""The Fonds Cultuureducatie's allocations: each school's budget for a calendar year.

    amount = pupils x (own contribution + municipal amount x phase multiplier)

rounded to the cent (ROUND_HALF_UP) once, on the total; every input is a setting of the year's
scheme (funds.models.education), never a number in code.

- Pupils: the school's count on exactly the scheme's count date (1 February of the previous
  year by default). A count on another day does not stand in for it: without a count on that
  date the school gets no allocation, and the error names the school and the date.
- Phase: the school's assessment valid in the year. Without one the school is in phase 1, the
  base level every participating school starts at; the allocation records that no assessment
  was used (phase_assessment is empty), so the list can show it. (Refusing instead would keep a
  new school from its base budget until an adviser has visited.)
- A run (`allocate`) creates or refreshes the DRAFT allocation of every active school of a type
  the scheme has a rate for, and never touches a confirmed one. `confirm` freezes an
  allocation; afterwards only `correct`, with a reason, changes the amount in force, and every
  correction is kept (AllocationCorrection) and in Wagtail's audit log.

Every step checks that the person may handle the fund's data (the purpose
"fonds-cultuureducatie" in the register) and writes the audit log with Wagtail's `log`
(school and year only, no names).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from wagtail.log_actions import log

from funds import letters
from funds.models.education import (
    EDUCATION_PURPOSE,
    Allocation,
    AllocationCorrection,
    AllocationLetter,
    AllocationLetterKind,
    AllocationStatus,
    EducationScheme,
    PhaseAssessment,
    per_pupil,
)
from portal.emails import file_attachment, send_templated_email
from portal.money import cents, euro
from privacy.access import require_purpose
from schools.models import PupilCount, School, SchoolMembership, SchoolRole

ALLOCATE_ACTION = "funds.education.allocate"
CONFIRM_ACTION = "funds.education.confirm"
CORRECT_ACTION = "funds.education.correct"
LETTER_ACTION = "funds.education.letter"
LOG_ACTIONS = [
    (ALLOCATE_ACTION, gettext_lazy("Allocate"), gettext_lazy("Allocations computed")),
    (CONFIRM_ACTION, gettext_lazy("Confirm"), gettext_lazy("Allocation confirmed")),
    (CORRECT_ACTION, gettext_lazy("Correct"), gettext_lazy("Allocation corrected")),
    (LETTER_ACTION, gettext_lazy("Letter"), gettext_lazy("Allocation letter made")),
]
DEFAULT_PHASE = 1


class AllocationError(Exception):
    """An allocation that cannot be computed or changed; the message is for staff."""


# --- the inputs -----------------------------------------------------------------------------------
def phase_for(school: School, year: int) -> int:
    """The phase of the assessment valid in the year; phase 1 without one (see above)."""
    return Inputs.load(EducationScheme(year=year), [school]).phase(school)


@dataclass
class Inputs:
    """What a scheme's allocations are computed from, read for many schools at once (three
    queries for a whole run, not three per school)."""

    scheme: EducationScheme
    rates: dict  # school type -> SchemeRate
    pupils: dict  # school id -> pupils on the count date
    assessments: dict  # school id -> the assessment valid in the year

    @classmethod
    def load(cls, scheme: EducationScheme, schools) -> "Inputs":
        ids = [school.pk for school in schools]
        counts = PupilCount.objects.filter(school_id__in=ids, count_date=scheme.count_date)
        assessments = PhaseAssessment.objects.filter(school_id__in=ids).valid_in(scheme.year)
        return cls(
            scheme=scheme,
            rates={rate.school_type: rate for rate in scheme.rates.all()} if scheme.pk else {},
            pupils=dict(counts.values_list("school_id", "pupils")),
            # Oldest first, so the newest valid assessment wins (clean() allows only one).
            assessments={a.school_id: a for a in assessments.order_by("first_year")},
        )

    def phase(self, school: School) -> int:
        assessment = self.assessments.get(school.pk)
        return assessment.phase if assessment else DEFAULT_PHASE

    def breakdown(self, school: School) -> "Breakdown":
        scheme = self.scheme
        rate = self.rates.get(school.school_type)
        if rate is None:
            raise AllocationError(
                _("The scheme of %(year)s has no rate for %(type)s schools (%(school)s).")
                % {"year": scheme.year, "type": school.school_type, "school": school}
            )
        pupils = self.pupils.get(school.pk)
        if pupils is None:
            raise AllocationError(
                _("%(school)s has no pupil count on %(date)s, the count date of %(year)s.")
                % {
                    "school": school,
                    "date": date_format(scheme.count_date, "DATE_FORMAT"),
                    "year": scheme.year,
                }
            )
        phase = self.phase(school)
        return Breakdown(
            school=school,
            scheme=scheme,
            school_type=school.school_type,
            count_date=scheme.count_date,
            pupils=pupils,
            phase=phase,
            assessment=self.assessments.get(school.pk),
            own_rate=rate.own_contribution,
            municipal_rate=rate.municipal_amount,
            multiplier=scheme.multiplier(phase),
        )


@dataclass(frozen=True)
class Breakdown:
    """How one school's amount for one year comes about."""

    school: School
    scheme: EducationScheme
    school_type: str
    count_date: datetime.date
    pupils: int
    phase: int
    assessment: PhaseAssessment | None
    own_rate: Decimal
    municipal_rate: Decimal
    multiplier: Decimal

    @property
    def per_pupil(self) -> Decimal:
        return per_pupil(self.own_rate, self.municipal_rate, self.multiplier)

    @property
    def amount(self) -> Decimal:
        return cents(self.pupils * self.per_pupil)

    def allocation_fields(self) -> dict:
        return {
            "school_type": self.school_type,
            "count_date": self.count_date,
            "pupils": self.pupils,
            "phase": self.phase,
            "phase_assessment": self.assessment,
            "own_rate": self.own_rate,
            "municipal_rate": self.municipal_rate,
            "multiplier": self.multiplier,
            "computed_amount": self.amount,
            "amount": self.amount,
            "computed_at": timezone.now(),
        }


def compute(school: School, scheme: EducationScheme) -> Breakdown:
    """The school's amount for the scheme's year, from its count, its phase and the scheme."""
    return Inputs.load(scheme, [school]).breakdown(school)


# --- a run ----------------------------------------------------------------------------------------
@dataclass
class RunResult:
    created: int = 0
    refreshed: int = 0
    frozen: int = 0
    removed: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)s created, %(refreshed)s refreshed, %(frozen)s confirmed left as they "
            "are, %(removed)s drafts removed, %(skipped)s schools without an allocation."
        ) % {
            "created": self.created,
            "refreshed": self.refreshed,
            "frozen": self.frozen,
            "removed": self.removed,
            "skipped": len(self.skipped),
        }


def eligible_schools(scheme: EducationScheme):
    types = scheme.rates.values_list("school_type", flat=True)
    return School.objects.active().filter(school_type__in=list(types)).order_by("name")


def allocate(scheme: EducationScheme, user) -> RunResult:
    """Create or refresh the draft allocation of every active school of a type with a rate.

    Confirmed allocations are left exactly as they are. A draft whose school no longer gets
    one (inactive, no rate for its type, no pupil count on the count date) is removed, so
    no draft shows an amount that would not be computed today; the reason is in `skipped`.
    """
    require_purpose(user, EDUCATION_PURPOSE)
    result = RunResult()
    with transaction.atomic():
        existing = {
            allocation.school_id: allocation
            for allocation in Allocation.objects.select_for_update().filter(scheme=scheme)
        }
        computed = set()
        schools = list(eligible_schools(scheme))
        inputs = Inputs.load(scheme, schools)
        for school in schools:
            allocation = existing.get(school.pk)
            if allocation is not None and allocation.is_confirmed:
                result.frozen += 1
                computed.add(school.pk)
                continue
            try:
                breakdown = inputs.breakdown(school)
            except AllocationError as error:
                result.skipped.append(str(error))
                continue
            computed.add(school.pk)
            if allocation is None:
                Allocation.objects.create(
                    school=school, scheme=scheme, **breakdown.allocation_fields()
                )
                result.created += 1
            else:
                for name, value in breakdown.allocation_fields().items():
                    setattr(allocation, name, value)
                allocation.save()
                result.refreshed += 1
        stale = [
            allocation.pk
            for school_id, allocation in existing.items()
            if school_id not in computed and not allocation.is_confirmed
        ]
        if stale:
            result.removed = Allocation.objects.filter(pk__in=stale).delete()[0]
        log(
            scheme,
            ALLOCATE_ACTION,
            user=user,
            data={
                "created": result.created,
                "refreshed": result.refreshed,
                "frozen": result.frozen,
                "removed": result.removed,
                "skipped": len(result.skipped),
            },
        )
    return result


# --- confirm and correct --------------------------------------------------------------------------
def confirm(allocation: Allocation, user) -> Allocation:
    """Freeze the allocation: no run recomputes it again. Once committed, the school's letter
    is made and emailed to its directie (see `send_allocation_letter`)."""
    require_purpose(user, EDUCATION_PURPOSE)
    with transaction.atomic():
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if locked.is_confirmed:
            raise AllocationError(_("This allocation is already confirmed."))
        locked.status = AllocationStatus.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = user
        locked.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        log(locked, CONFIRM_ACTION, user=user, data={"amount": str(locked.amount)})
        letter_after_commit(locked, user, AllocationLetterKind.CONFIRMED)
    return locked


def confirm_drafts(scheme: EducationScheme, user) -> int:
    """Confirm every draft allocation of the scheme's year; the number confirmed."""
    require_purpose(user, EDUCATION_PURPOSE)
    confirmed = 0
    with transaction.atomic():
        for allocation in Allocation.objects.filter(
            scheme=scheme, status=AllocationStatus.DRAFT
        ).select_related("school", "scheme"):
            confirm(allocation, user)
            confirmed += 1
    return confirmed


def correct(allocation: Allocation, amount, reason: str, user) -> AllocationCorrection:
    """Set the amount in force of a confirmed allocation, with the reason why. Once committed,
    a new letter (with the reason) is made and emailed to the school's directie."""
    require_purpose(user, EDUCATION_PURPOSE)
    reason = (reason or "").strip()
    if not reason:
        raise AllocationError(_("Give the reason for the correction."))
    if amount is None:
        raise AllocationError(_("Give the new amount."))
    amount = cents(amount)
    if amount < 0:
        raise AllocationError(_("The amount cannot be less than € 0."))
    with transaction.atomic():
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if not locked.is_confirmed:
            raise AllocationError(
                _("Only a confirmed allocation is corrected; a draft is recomputed by a run.")
            )
        if amount == locked.amount:
            raise AllocationError(
                _("The amount in force is already %(amount)s.") % {"amount": euro(amount)}
            )
        correction = AllocationCorrection.objects.create(
            allocation=locked,
            previous_amount=locked.amount,
            new_amount=amount,
            reason=reason,
            corrected_by=user,
        )
        locked.amount = amount
        locked.save(update_fields=["amount"])
        log(
            locked,
            CORRECT_ACTION,
            user=user,
            data={"from": str(correction.previous_amount), "to": str(amount)},
        )
        letter_after_commit(locked, user, AllocationLetterKind.CORRECTED)
    return correction


# --- the letter to the school ---------------------------------------------------------------------
def directie_addresses(school: School) -> list[str]:
    """The email addresses of the school's members with the directie role (active accounts)."""
    return list(
        SchoolMembership.objects.filter(
            school=school, role=SchoolRole.DIRECTIE, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def has_directie(school: School) -> bool:
    return bool(directie_addresses(school))


def schools_without_directie(scheme: EducationScheme):
    """Schools with a confirmed allocation in the scheme's year but no directie member."""
    directie = SchoolMembership.objects.filter(role=SchoolRole.DIRECTIE, user__is_active=True)
    return School.objects.filter(
        allocations__scheme=scheme, allocations__status=AllocationStatus.CONFIRMED
    ).exclude(pk__in=directie.values("school_id"))


def letter_after_commit(allocation: Allocation, user, kind: str) -> None:
    """Make and send the letter once the confirmation or correction is committed: in a
    background task, so that neither a slow PDF nor a failing mail server undoes (or holds up)
    the change itself. `robust`: a failure is logged and the other letters still go."""
    allocation_id, user_id, kind = allocation.pk, getattr(user, "pk", None), str(kind)
    transaction.on_commit(
        lambda: send_allocation_letter.enqueue(allocation_id, user_id, kind), robust=True
    )


@task()
def send_allocation_letter(allocation_id: int, signatory_id: int | None, kind: str) -> int:
    """Make the allocation's letter, keep it (AllocationLetter, private storage), and email it
    to every member of the school with the directie role, one email each with the PDF attached.
    Without a directie member the letter is only kept. Returns the letter's id."""
    allocation = Allocation.objects.select_related("school", "scheme").get(pk=allocation_id)
    signatory = get_user_model().objects.filter(pk=signatory_id).first() if signatory_id else None
    addresses = directie_addresses(allocation.school)
    letter: AllocationLetter = letters.allocation_letter(
        allocation, signatory, kind=kind, recipients=len(addresses)
    )
    log(allocation, LETTER_ACTION, user=signatory, data={"recipients": len(addresses)})
    context = {
        "allocation": allocation,
        "school": allocation.school,
        "year": allocation.scheme.year,
        "corrected": kind == AllocationLetterKind.CORRECTED,
        "portal_url": settings.WAGTAILADMIN_BASE_URL,
    }
    for address in addresses:
        send_templated_email(
            "funds_allocation",
            context,
            to=[address],
            attachments=[file_attachment(letter.file, letter.filename)],
        )
    return letter.pk
