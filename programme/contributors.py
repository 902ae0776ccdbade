"""Contributors of the own programme: who may do what, the steps of a contribution as one table,
the agreement letter, the planning per week and branch, and the costs per activity.

    invite ─→ invited ─ give_details ─→ details_given ─ send_agreement ─→ agreement_sent
    agreement_sent ─ accept_agreement (the contributor) ─→ agreement_accepted
    agreement_accepted ─ mark_performed ─→ performed ─ approve_fee ─→ fee_approved (a payment)
    fee_approved ─ paid (the bank paid the batch: payments.signals.payment_paid) ─→ paid
    anything before "performed" ─ cancel ─→ cancelled

`apply()` is the only way a contribution changes status: in one transaction it locks the row
and takes the step (portal.workflow: checks the status and the person, stamps, runs the step's
own work and writes the activity log); emails go out after the commit. Staff are the people
whose role the register's purpose names (Programmamaker) and superusers: `is_programme_staff`,
the one question every staff view asks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from payments import services as payment_services
from portal import workflow
from portal.emails import file_attachment, send_templated_email
from portal.models import SiteSettings
from portal.pdf import image_data_uri, render_pdf
from portal.workflow import Transition, TransitionError
from privacy.access import staff_can_see
from privacy.purposes import PROGRAMMA_BIJDRAGERS
from programme.models import (
    ActivitySession,
    Branch,
    Contribution,
    ContributionEvent,
    ContributionInvitation,
    ContributionStatus,
    VatStatus,
)

S = ContributionStatus
STAFF = "staff"
CONTRIBUTOR = "contributor"
SYSTEM = "system"

# Cancellation terms of the agreement (and of the letter): by the organisation, how much of the
# fee is still paid, by days before the first session.
CANCELLATION_TERMS = [(30, 0), (14, 50), (0, 100)]


# --- who may -----------------------------------------------------------------------------------
def is_programme_staff(user) -> bool:
    """Programme staff: the Programmamaker role (the register's purpose names it) and
    superusers. Other staff see no contributor's data."""
    return staff_can_see(user, PROGRAMMA_BIJDRAGERS)


def contributions_of(user):
    """The contributions a contributor sees: their own, never another's."""
    return Contribution.objects.of_contributor(user)


def may_see(user, contribution: Contribution) -> bool:
    return contribution.contributor_id == getattr(user, "pk", None) or is_programme_staff(user)


# --- the steps ---------------------------------------------------------------------------------
BEFORE_PERFORMED = (S.INVITED, S.DETAILS_GIVEN, S.AGREEMENT_SENT, S.AGREEMENT_ACCEPTED)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("give_details", (S.INVITED,), S.DETAILS_GIVEN, CONTRIBUTOR,
                   gettext_lazy("Details filled in"), stamp="details_given_at"),
        Transition("send_agreement", (S.DETAILS_GIVEN,), S.AGREEMENT_SENT, STAFF,
                   gettext_lazy("Send the agreement"), stamp="agreement_sent_at"),
        Transition("accept_agreement", (S.AGREEMENT_SENT,), S.AGREEMENT_ACCEPTED, CONTRIBUTOR,
                   gettext_lazy("I accept the agreement"), stamp="agreement_accepted_at",
                   stamp_by="agreement_accepted_by"),
        Transition("mark_performed", (S.AGREEMENT_ACCEPTED,), S.PERFORMED, STAFF,
                   gettext_lazy("Mark as performed"), stamp="performed_at"),
        Transition("approve_fee", (S.PERFORMED,), S.FEE_APPROVED, STAFF,
                   gettext_lazy("Approve the fee for payment"), stamp="fee_approved_at"),
        Transition("paid", (S.FEE_APPROVED,), S.PAID, SYSTEM, gettext_lazy("Paid"),
                   stamp="paid_at"),
        Transition("cancel", BEFORE_PERFORMED, S.CANCELLED, STAFF, gettext_lazy("Cancel"),
                   needs_reason=True, style="outline-danger", stamp="cancelled_at"),
    ]
}  # fmt: skip


def may(user, transition: Transition, contribution: Contribution) -> bool:
    if transition.who == SYSTEM:
        return user is None
    if user is None or not user.is_authenticated:
        return False
    if transition.who == CONTRIBUTOR:
        return contribution.contributor_id == user.pk
    return is_programme_staff(user)


def available(user, contribution: Contribution, who=(STAFF,)) -> list[Transition]:
    """The steps this person may take now (the buttons of a page)."""
    return workflow.available(TRANSITIONS, may, user, contribution, who)


def _check(transition: Transition, locked: Contribution) -> None:
    """What a step needs besides the status."""
    if transition.name == "give_details":
        missing = locked.missing_details()
        if missing:
            raise TransitionError(
                _("Still missing: %(missing)s.") % {"missing": ", ".join(missing)}
            )
    elif transition.name == "mark_performed":
        first = locked.activity.sessions.order_by("start").values_list("start", flat=True).first()
        if first is None or first > timezone.now():
            raise TransitionError(_("The activity has not taken place yet."))
    elif transition.name == "approve_fee":
        if not locked.account_holder or not locked.iban:
            raise TransitionError(_("The contributor has not given an account holder and IBAN."))
        if locked.charges_vat and not locked.invoice:
            raise TransitionError(_("A contributor who charges VAT must upload an invoice."))
        if locked.total <= 0:
            raise TransitionError(_("There is no fee to pay."))


def apply(
    contribution: Contribution,
    name: str,
    user,
    reason: str = "",
    work: Callable[[Contribution], None] | None = None,
) -> Contribution:
    """Take step `name` on the contribution as `user` (None: the portal itself)."""
    transition = TRANSITIONS[name]
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise TransitionError(_("Say why, so the contributor knows."), field="reason")

    def step(locked):
        _check(transition, locked)
        if name == "cancel":
            locked.cancel_reason = reason
        if work is not None:
            work(locked)

    with transaction.atomic():
        locked = (
            Contribution.objects.select_for_update(of=("self",))
            .select_related("activity")
            .get(pk=contribution.pk)
        )
        return workflow.take(
            locked,
            transition,
            user,
            may=may,
            event_model=ContributionEvent,
            wrong_status=gettext_lazy(
                "This is not possible while the contribution is “%(status)s”."
            ),
            not_allowed=_("You may not do this with this contribution."),
            work=step,
            note=reason,
            notify=notify,
        )


# --- inviting ----------------------------------------------------------------------------------
def portal_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def invite(activity, *, name, email, role, fee, invited_by) -> Contribution:
    """A contribution to the activity and an invitation by email to whoever will fill it in."""
    contribution = Contribution.objects.create(activity=activity, name=name, role=role, fee=fee)
    ContributionEvent.record(contribution, invited_by, "invite")
    send_invitation(contribution, email, invited_by)
    return contribution


def send_invitation(contribution: Contribution, email: str, invited_by) -> ContributionInvitation:
    """A (new) invitation; an earlier one to the same address stops working."""
    invitation, raw_token = ContributionInvitation.create_for(
        contribution, email, contribution.role, invited_by=invited_by
    )
    context = {
        "contribution": contribution,
        "activity": contribution.activity,
        "invitation": invitation,
        "sessions": list(contribution.activity.sessions.select_related("room__branch")),
        "organisation": organisation_name(),
        # The raw token only ever travels in this link.
        "accept_url": portal_url(reverse("invitation_accept", args=[raw_token])),
    }
    transaction.on_commit(
        lambda: send_templated_email(
            "programme_contributor_invitation", context, to=[invitation.email]
        )
    )
    return invitation


def pending_invitation(contribution: Contribution):
    return contribution.invitations.pending().order_by("-created_at").first()


# Reminders by the daily job: for an activity in the next REMIND_WITHIN days, an invitation or
# an agreement left unanswered for REMIND_AFTER days, again every REMIND_EVERY days.
REMIND_WITHIN = timedelta(days=21)
REMIND_AFTER = timedelta(days=3)
REMIND_EVERY = timedelta(days=7)


def send_reminder(contribution: Contribution, now=None) -> bool:
    """Remind the contributor of what is still missing (or, not yet accepted, to accept the
    invitation; or to accept the agreement sent). False when there is nobody to remind."""
    if contribution.status not in (S.INVITED, S.AGREEMENT_SENT):
        return False
    if contribution.contributor_id is None:
        invitation = pending_invitation(contribution)
        if invitation is None:
            return False
        to = invitation.email
    else:
        to = contribution.contributor.email
    send_templated_email(
        "programme_contributor_reminder",
        {
            "contribution": contribution,
            "activity": contribution.activity,
            "missing": contribution.missing_details(),
            "accepted": contribution.contributor_id is not None,
            "agreement": contribution.status == S.AGREEMENT_SENT,
            "url": portal_url(
                contribution.get_absolute_url()
                if contribution.contributor_id
                else reverse("mijn:dashboard")
            ),
        },
        to=[to],
    )
    Contribution.objects.filter(pk=contribution.pk).update(reminded_at=now or timezone.now())
    return True


def due_for_reminder(now=None):
    """The contributions the daily job reminds: invited or agreement sent, the activity within
    REMIND_WITHIN and not begun, unanswered for REMIND_AFTER, not reminded in REMIND_EVERY."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting_since = now - REMIND_AFTER
    return Contribution.objects.filter(
        Q(status=S.INVITED, created_at__lte=waiting_since)
        | Q(status=S.AGREEMENT_SENT, agreement_sent_at__lte=waiting_since),
        Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY),
        activity__first_date__gte=today,
        activity__first_date__lte=today + REMIND_WITHIN,
    ).select_related("activity", "contributor")


def send_due_reminders(now=None) -> int:
    now = now or timezone.now()
    return sum(send_reminder(contribution, now) for contribution in due_for_reminder(now))


def details_saved(contribution: Contribution, user) -> bool:
    """After the contributor saved the form: complete details move an invitation on.
    True when the step was taken."""
    if contribution.status == S.INVITED and not contribution.missing_details():
        apply(contribution, "give_details", user)
        return True
    return False


def approve_content(contribution: Contribution, user, approve=True) -> None:
    """The text and photo may (or may no longer) be shown on the activity's page."""
    if not is_programme_staff(user):
        raise TransitionError(_("You may not do this with this contribution."))
    contribution.content_approved_at = timezone.now() if approve else None
    contribution.save(update_fields=["content_approved_at", "updated_at"])
    ContributionEvent.record(
        contribution, user, "approve_content" if approve else "withdraw_content"
    )


# --- the agreement -----------------------------------------------------------------------------
def organisation_settings():
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def organisation_name() -> str:
    return organisation_settings().organisation_name or "Cultuurportaal"


def letterhead() -> dict:
    organisation = organisation_settings()
    return {
        "name": organisation.organisation_name or "Cultuurportaal",
        "street_address": organisation.street_address,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "phone": organisation.phone,
        "email": organisation.email,
        "logo": image_data_uri(organisation.logo) if organisation.logo_id else "",
    }


def cancellation_terms() -> list[str]:
    """The cancellation terms the agreement states (CANCELLATION_TERMS)."""
    (far, _none), (near, half), (_zero, full) = CANCELLATION_TERMS
    return [
        _("Cancelled by us %(days)s days or more before the first session: no fee.")
        % {"days": far},
        _("Cancelled by us %(near)s to %(far)s days before: %(percentage)s%% of the fee.")
        % {"near": near, "far": far - 1, "percentage": half},
        _("Cancelled by us less than %(days)s days before: %(percentage)s%% of the fee.")
        % {"days": near, "percentage": full},
        _(
            "If you cancel, no fee is paid. Force majeure on either side: no fee, and we try "
            "to find a new date together."
        ),
    ]


def agreement_pdf(contribution: Contribution, signatory=None) -> bytes:
    """The agreement letter: what, when and where, arrival, needs, fee and VAT, payment and
    cancellation terms."""
    sessions = list(contribution.activity.sessions.select_related("room__branch"))
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "programme/contributors/pdf/agreement.html",
            {
                "letterhead": letterhead(),
                "date": timezone.localdate(),
                "recipient_lines": [contribution.name],
                "references": [
                    (_("Activity"), contribution.activity.title),
                    (_("Agreement number"), agreement_number(contribution)),
                ],
                "subject": _("Agreement: %(activity)s") % {"activity": contribution.activity.title},
                "contribution": contribution,
                "activity": contribution.activity,
                "sessions": sessions,
                "terms": cancellation_terms(),
                "signatory": signatory,
            },
            language=settings.LANGUAGE_CODE,
        )


def agreement_number(contribution: Contribution) -> str:
    return f"PB-{contribution.pk:05d}"


def send_agreement(contribution: Contribution, user) -> Contribution:
    """Make the agreement letter, keep it as sent, and tell the contributor."""

    def store(locked):
        locked.agreement.save(
            "overeenkomst.pdf", ContentFile(agreement_pdf(locked, user)), save=False
        )

    return apply(contribution, "send_agreement", user, work=store)


def approve_fee(contribution: Contribution, user) -> Contribution:
    """After the activity: the fee (with VAT, if charged) is scheduled for payment."""

    def schedule(locked):
        with translation.override(settings.LANGUAGE_CODE):
            description = _("%(number)s fee %(activity)s") % {
                "number": agreement_number(locked),
                "activity": locked.activity.title,
            }
        locked.payment = payment_services.schedule(
            locked,
            locked.total,
            reference=f"{agreement_number(locked)}-H",
            description=description,
        )

    return apply(contribution, "approve_fee", user, work=schedule)


def cancel(contribution: Contribution, user, reason: str) -> Contribution:
    def revoke_invitations(locked):
        locked.invitations.pending().update(revoked_at=timezone.now())

    return apply(contribution, "cancel", user, reason=reason, work=revoke_invitations)


# --- after the bank paid -----------------------------------------------------------------------
def on_payment_paid(sender, payment, **kwargs):
    """payments.signals.payment_paid: a contribution's fee paid settles the contribution."""
    if payment.payee_type.model_class() is not Contribution:
        return
    contribution = Contribution.objects.filter(payment_id=payment.pk).first()
    if contribution is not None and contribution.status == S.FEE_APPROVED:
        apply(contribution, "paid", None)


# --- emails ------------------------------------------------------------------------------------
def notify(contribution_id: int, step: str) -> None:
    """The contributor hears of the agreement, the approved fee, the payment and a
    cancellation (links to their page, never with personal data in them)."""
    if step not in ("send_agreement", "approve_fee", "paid", "cancel"):
        return
    contribution = (
        Contribution.objects.select_related("activity", "contributor").filter(pk=contribution_id)
    ).first()
    if contribution is None or contribution.contributor is None:
        return
    context = {
        "contribution": contribution,
        "activity": contribution.activity,
        "step": step,
        "organisation": organisation_name(),
        "url": portal_url(contribution.get_absolute_url()),
    }
    attachments = []
    if step == "send_agreement" and contribution.agreement:
        attachments = [
            file_attachment(
                contribution.agreement, f"overeenkomst-{agreement_number(contribution)}.pdf"
            )
        ]
    send_templated_email(
        f"programme_contributor_{step}",
        context,
        to=[contribution.contributor.email],
        attachments=attachments,
    )


# --- the planning ------------------------------------------------------------------------------
@dataclass
class PlanningDay:
    day: date
    rooms: list  # [(room or None, [sessions])]


def parse_week(value: str | None, today: date | None = None) -> date:
    """The Monday of an ISO week ("2026-W48"); this week's Monday when missing or wrong."""
    today = today or timezone.localdate()
    try:
        year, week = (value or "").upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, TypeError):
        return today - timedelta(days=today.weekday())


def iso_week(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def planning_sessions(monday: date, branch: Branch | None = None):
    """The sessions of one week (of one branch), with their activity, room and active
    contributions: three queries, however many sessions."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=zone)
    sessions = (
        ActivitySession.objects.filter(start__gte=start, start__lt=start + timedelta(days=7))
        .select_related("room__branch", "activity")
        .only(
            "start",
            "end",
            "capacity",
            "room__name",
            "room__branch__name",
            "activity__title",
            "activity__url_path",
            "activity__live",
        )
        .prefetch_related(
            Prefetch(
                "activity__contributions",
                queryset=Contribution.objects.active()
                .only(
                    "activity_id",
                    "name",
                    "role",
                    "status",
                    "technical_needs",
                    "room_needs",
                    "arrival_time",
                )
                .order_by("pk"),
                to_attr="planned_contributions",
            )
        )
        .order_by("start", "room__name", "pk")
    )
    if branch is not None:
        sessions = sessions.filter(room__branch=branch)
    return sessions


def planning(monday: date, branch: Branch | None = None) -> list[PlanningDay]:
    """The week by day, each day by room (in order of the first session)."""
    sessions = list(planning_sessions(monday, branch))
    days = []
    for day, of_day in groupby(sessions, key=lambda s: timezone.localtime(s.start).date()):
        rooms: dict = {}
        for session in of_day:
            rooms.setdefault(session.room, []).append(session)
        days.append(PlanningDay(day, list(rooms.items())))
    return days


# --- for the reports ---------------------------------------------------------------------------
def costs_by_activity(activity_ids) -> dict[int, Decimal]:
    """The agreed fees (with VAT where charged) of the activities' contributions that are not
    cancelled, per activity: one query. Activities without contributions are left out."""
    vat = Round(
        ExpressionWrapper(
            F("fee") * Coalesce(F("vat_rate"), 0) / Value(Decimal("100")),
            output_field=DecimalField(max_digits=12, decimal_places=4),
        ),
        2,
    )
    rows = (
        Contribution.objects.active()
        .filter(activity_id__in=list(activity_ids))
        .values("activity_id")
        .order_by()
        .annotate(
            fees=Sum("fee"),
            vat=Sum(vat, filter=Q(vat_status=VatStatus.LIABLE), default=Decimal("0")),
        )
    )
    return {
        row["activity_id"]: (Decimal(row["fees"]) + Decimal(row["vat"])).quantize(Decimal("0.01"))
        for row in rows
    }


def staff_list(status: str | None = None):
    """Contributions for the staff's list, newest activity first, only the columns shown."""
    rows = Contribution.objects.select_related("activity").only(
        "name",
        "role",
        "status",
        "fee",
        "updated_at",
        "activity__title",
        "activity__first_date",
        "contributor_id",
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by(models.F("activity__first_date").desc(nulls_last=True), "pk")
