"""Requests of data subjects: submitting one, its status transitions, and executing an erasure.

A person asks from "Mijn gegevens" (or the privacy officer records a request received by mail or
phone); the answer is due one month after receipt. Status changes go through one table of
transitions (received -> in progress -> done / rejected); each checks that the user may handle
requests (the purpose "privacybeheer"), changes the state and writes Wagtail's audit log in one
transaction. An erasure request is done by executing it: everything about the person is deleted
or anonymised through privacy.erasure, per the register, and the account goes last.

No personal values go into logs: the audit log stores str(request) ("Erasure #12"), the staff
note of an executed erasure holds counts per purpose, never a name.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from portal.emails import send_templated_email
from portal.personal_data import declaration_for
from privacy import purposes
from privacy.access import require_purpose
from privacy.erasure import Outcome, anonymise, delete, records_about
from privacy.models import (
    ConsentRecord,
    DataSubjectRequest,
    Purpose,
    RequestKind,
    RequestStatus,
)
from privacy.mydata import collect, is_user_model
from privacy.registry import BoundModel, bound_models
from privacy.retention import ENDED, cutoff, ended_expression, held_condition

logger = logging.getLogger(__name__)

# Kinds a person may ask for from "Mijn gegevens", by the word in the URL.
KIND_SLUGS = {
    "correctie": RequestKind.CORRECTION,
    "bezwaar": RequestKind.OBJECTION,
    "inzage": RequestKind.ACCESS,
}
# Of these kinds a person has at most one open request; corrections and objections each stand
# on their own.
ONE_OPEN = {RequestKind.ERASURE, RequestKind.ACCESS}
OPEN = frozenset({RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS})

ERASURE_CONSENT_SOURCE = "erasure request"


class RequestError(Exception):
    """A step that cannot be taken now; the message is for staff."""


# --- a person asks --------------------------------------------------------------------------------
def submit(user, kind, explanation="") -> tuple[DataSubjectRequest, bool]:
    """Record a person's request (once, for kinds in ONE_OPEN) and confirm it by email."""
    with transaction.atomic():
        if kind in ONE_OPEN:
            request, created = DataSubjectRequest.objects.open().get_or_create(
                user=user, kind=kind, defaults={"explanation": explanation}
            )
        else:
            request = DataSubjectRequest.objects.create(
                user=user, kind=kind, explanation=explanation
            )
            created = True
        if created:
            log(request, "wagtail.create", user=user)
    if created:
        template = (
            "erasure_request_received" if kind == RequestKind.ERASURE else "data_request_received"
        )
        send_templated_email(template, {"request": request, "user": user}, to=[user.email])
        logger.info("Data subject request %s received", request.pk)
    return request, created


def open_requests_of(user):
    return DataSubjectRequest.objects.open().filter(user=user).order_by("received_at")


def link_account(request: DataSubjectRequest) -> None:
    """A request entered by staff for an address with a verified account belongs to it."""
    from allauth.account.models import EmailAddress

    if request.user_id or not request.contact_email:
        return
    address = (
        EmailAddress.objects.filter(email__iexact=request.contact_email.strip(), verified=True)
        .select_related("user")
        .first()
    )
    if address is not None:
        request.user = address.user


# --- transitions ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    note_required: bool = False
    for_erasure: bool = True  # an erasure request is done only by executing it

    @property
    def action(self):
        return f"privacy.request.{self.name}"


TRANSITIONS = (
    Transition(
        "start", _("Start handling"), frozenset({RequestStatus.RECEIVED}), RequestStatus.IN_PROGRESS
    ),
    Transition("complete", _("Mark as done"), OPEN, RequestStatus.DONE, for_erasure=False),
    Transition("reject", _("Reject"), OPEN, RequestStatus.REJECTED, note_required=True),
)
TRANSITIONS_BY_NAME = {transition.name: transition for transition in TRANSITIONS}
ERASE_ACTION = "privacy.request.erase"
LOG_ACTIONS = [
    *((t.action, t.label, t.label) for t in TRANSITIONS),
    (ERASE_ACTION, _("Execute erasure"), _("Erasure executed")),
]


def transitions_for(request: DataSubjectRequest) -> list[Transition]:
    return [
        transition
        for transition in TRANSITIONS
        if request.status in transition.sources
        and (transition.for_erasure or request.kind != RequestKind.ERASURE)
    ]


def can_erase(request: DataSubjectRequest) -> bool:
    return (
        request.kind == RequestKind.ERASURE
        and request.status in OPEN
        and request.user_id is not None
    )


def _note_line(label, note="") -> str:
    line = f"{timezone.localdate():%Y-%m-%d} · {label}"
    return f"{line}: {note.strip()}" if note.strip() else line


def _append_note(existing: str, line: str) -> str:
    return f"{existing.rstrip()}\n{line}" if existing.strip() else line


def apply_transition(request: DataSubjectRequest, name: str, by, note="") -> DataSubjectRequest:
    """Take one step of the table: permission, state, staff note and audit log together."""
    require_purpose(by, purposes.PRIVACYBEHEER)
    transition = TRANSITIONS_BY_NAME.get(name)
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if transition is None or transition not in transitions_for(locked):
            raise RequestError(_("This step is not possible for this request now."))
        if transition.note_required and not note.strip():
            raise RequestError(_("Write down why."))
        previous = locked.status
        locked.status = transition.target
        if transition.target not in OPEN:
            locked.handled_at = timezone.now()
        locked.staff_note = _append_note(locked.staff_note, _note_line(transition.label, note))
        locked.save(update_fields=["status", "handled_at", "staff_note"])
        log(locked, transition.action, user=by, data={"from": previous, "to": locked.status})
    return locked


# --- what an erasure does -------------------------------------------------------------------------
DELETE, ANONYMISE, ENDS, HOLD, KEEP = "delete", "anonymise", "ends", "hold", "keep"


def treatment_for(bound: BoundModel, purpose: Purpose | None) -> str:
    """What erasing a person does to the records of one model, read from the declarations and
    the register:

    - KEEP: the purpose is a legal obligation (requests, consents, the access log): kept for its
      retention, no longer linked to the account;
    - HOLD: financial records under legal hold keep their legal-hold fields while the hold lasts;
    - ENDS: a relation that lasts as long as the record (a membership, a subscription) ends;
    - otherwise the purpose's retention action: DELETE or ANONYMISE.
    """
    declaration = bound.declaration
    if purpose is None:
        return DELETE
    if purpose.legal_basis == purposes.LEGAL_OBLIGATION:
        return KEEP
    if purpose.legal_hold_years and declaration.legal_hold:
        return HOLD
    if declaration.ended is None and declaration.purpose != purposes.ACCOUNTS:
        return ENDS
    return own_action(purpose)


def own_action(purpose: Purpose) -> str:
    """The purpose's retention action as an erasure treatment: what a record gets once no hold
    keeps it."""
    return ANONYMISE if purpose.retention_action == purposes.ANONYMISE else DELETE


def under_hold(queryset, bound: BoundModel, purpose: Purpose):
    """The records whose legal hold still lasts: those the hold is for (money paid or committed,
    the declaration's `held_when`) whose purpose has not ended, or ended less than
    `legal_hold_years` ago (counted as retention counts it)."""
    held = held_condition(bound.declaration)
    if held is not None:
        queryset = queryset.filter(held)
    if bound.declaration.ended is None:
        return queryset
    records = queryset.annotate(**{ENDED: ended_expression(bound)})
    output_field = records.query.annotations[ENDED].output_field
    since = cutoff(timezone.now(), output_field, bound.label, years=purpose.legal_hold_years)
    return records.filter(Q(**{f"{ENDED}__isnull": True}) | Q(**{f"{ENDED}__gte": since}))


def erase_records(bound: BoundModel, purpose: Purpose | None, treatment: str, queryset) -> Outcome:
    model, declaration = bound.model, bound.declaration
    if treatment == KEEP:
        return Outcome()
    if treatment == HOLD:
        held = under_hold(queryset, bound, purpose)
        outcome = anonymise(model, declaration, held, keep=declaration.legal_hold)
        rest = queryset.exclude(pk__in=held.values("pk"))
        outcome += erase_records(bound, purpose, own_action(purpose), rest)
        return outcome
    if treatment == ANONYMISE:
        return anonymise(model, declaration, queryset)
    return delete(model, declaration, queryset)


# --- what a person is told it does ----------------------------------------------------------------
@dataclass(frozen=True)
class PreviewItem:
    purpose: str
    label: str
    count: int
    titles: list[str]
    note: str = ""


@dataclass
class ErasurePreview:
    deleted: list[PreviewItem] = field(default_factory=list)
    anonymised: list[PreviewItem] = field(default_factory=list)
    ends: list[PreviewItem] = field(default_factory=list)
    held: list[PreviewItem] = field(default_factory=list)
    kept: list[PreviewItem] = field(default_factory=list)

    def section(self, treatment: str) -> list[PreviewItem]:
        return {
            DELETE: self.deleted,
            ANONYMISE: self.anonymised,
            ENDS: self.ends,
            HOLD: self.held,
            KEEP: self.kept,
        }[treatment]


def _hold_note(bound: BoundModel, purpose: Purpose) -> str:
    names = ", ".join(
        str(bound.model._meta.get_field(name).verbose_name) for name in bound.declaration.legal_hold
    )
    years = purpose.legal_hold_years
    return ngettext(
        "We keep %(fields)s for %(years)d year after it ended, because the law requires "
        "financial records to be kept; everything else in it is removed.",
        "We keep %(fields)s for %(years)d years after it ended, because the law requires "
        "financial records to be kept; everything else in it is removed.",
        years,
    ) % {"fields": names, "years": years}


def _keep_note(purpose: Purpose) -> str:
    return _(
        "Kept for %(retention)s, no longer linked to your account: the law requires us to be "
        "able to show how we handled your data and your requests."
    ) % {"retention": purpose.retention_in_words()}


def _note(treatment: str, bound: BoundModel, purpose: Purpose | None) -> str:
    if treatment == HOLD:
        return _hold_note(bound, purpose)
    if treatment == KEEP:
        return _keep_note(purpose)
    return ""


PREVIEW_TITLES = 10


def erasure_preview(user) -> ErasurePreview:
    """What erasing this person will delete, anonymise, end and keep (and why), per kind of
    record, with the first few records named."""
    preview = ErasurePreview()
    for group in collect(user, limit=PREVIEW_TITLES):
        for part in group.parts:
            treatment = treatment_for(part.bound, group.purpose)
            if treatment == HOLD:
                _preview_hold(preview, group, part, user)
                continue
            preview.section(treatment).append(
                PreviewItem(
                    purpose=group.name,
                    label=part.label,
                    count=part.total,
                    titles=[record.title for record in part.records],
                    note=_note(treatment, part.bound, group.purpose),
                )
            )
    return preview


def _preview_hold(preview: ErasurePreview, group, part, user) -> None:
    """Only the records the hold is for keep their financial fields (`under_hold`, as the
    erasure itself decides); the others get the purpose's own action, and are told so."""
    bound, purpose = part.bound, group.purpose
    held = set(
        under_hold(records_about(bound.model, bound.declaration, user), bound, purpose)
        .order_by()
        .values_list("pk", flat=True)
    )
    rest = [record for record in part.records if record.pk not in held]
    for treatment, count, records in (
        (HOLD, len(held), [record for record in part.records if record.pk in held]),
        (own_action(purpose), part.total - len(held), rest),
    ):
        if count:
            preview.section(treatment).append(
                PreviewItem(
                    purpose=group.name,
                    label=part.label,
                    count=count,
                    titles=[record.title for record in records],
                    note=_note(treatment, bound, purpose),
                )
            )


# --- executing an erasure -------------------------------------------------------------------------
@dataclass
class ErasureResult:
    outcomes: dict[str, Outcome]
    preview: ErasurePreview

    def summary(self) -> str:
        """Counts per purpose, for the staff note and the audit log: no names."""
        lines = [
            f"{code}: {outcome.deleted} deleted, {outcome.anonymised} anonymised"
            for code, outcome in sorted(self.outcomes.items())
            if outcome.total
        ]
        return "; ".join(lines) or "nothing found"


def withdraw_consents(person) -> int:
    """Append a withdrawal for every consent the person still has given (the ledger is
    append-only: withdrawing adds a row)."""
    declaration = declaration_for(ConsentRecord)
    latest = records_about(ConsentRecord, declaration, person).latest_per_topic()
    withdrawn = 0
    for topic, record in latest.items():
        if record.given:
            ConsentRecord.record(
                topic,
                False,
                ERASURE_CONSENT_SOURCE,
                user=record.user,
                email=record.subject_email,
                key=record.subject_key,
            )
            withdrawn += 1
    return withdrawn


def _erase_person(person) -> dict[str, Outcome]:
    register = {purpose.code: purpose for purpose in Purpose.objects.all()}
    # All querysets first: they find records by the account's email addresses, which go too.
    plan = [
        (bound, register.get(bound.declaration.purpose))
        for bound in bound_models()
        if not is_user_model(bound.model) and bound.model is not DataSubjectRequest
    ]
    plan = [
        (bound, purpose, records_about(bound.model, bound.declaration, person))
        for bound, purpose in plan
    ]
    outcomes: dict[str, Outcome] = defaultdict(Outcome)
    for bound, purpose, queryset in plan:
        treatment = treatment_for(bound, purpose)
        outcomes[bound.declaration.purpose] += erase_records(bound, purpose, treatment, queryset)
    # The person's requests stay as our proof of handling them, without their words or address.
    request_declaration = declaration_for(DataSubjectRequest)
    anonymise(
        DataSubjectRequest,
        request_declaration,
        records_about(DataSubjectRequest, request_declaration, person),
        keep=("staff_note",),
    )
    # The account last: deleted, or anonymised when a record the law keeps still points to it.
    account = type(person)
    outcomes[purposes.ACCOUNTS] += delete(
        account, declaration_for(account), account._default_manager.filter(pk=person.pk)
    )
    return outcomes


def execute_erasure(request: DataSubjectRequest, by) -> ErasureResult:
    """Erase everything about the person who asked, mark the request done, tell them by email."""
    require_purpose(by, purposes.PRIVACYBEHEER)
    person = request.user
    if not can_erase(request):
        raise RequestError(
            _("Only an open erasure request of a person with an account can be executed.")
        )
    if person.pk == by.pk:
        raise RequestError(_("Another privacy officer must execute your own erasure request."))
    email, first_name = person.email, person.first_name
    preview = erasure_preview(person)
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if not can_erase(locked):
            raise RequestError(_("This request has already been handled."))
        withdraw_consents(person)
        result = ErasureResult(_erase_person(person), preview)
        locked.refresh_from_db()
        locked.status = RequestStatus.DONE
        locked.handled_at = timezone.now()
        locked.staff_note = _note_line(_("Erasure executed"), result.summary())
        locked.save(update_fields=["status", "handled_at", "staff_note"])
        log(
            locked,
            ERASE_ACTION,
            user=by,
            data={
                code: {"deleted": outcome.deleted, "anonymised": outcome.anonymised}
                for code, outcome in result.outcomes.items()
            },
        )
    send_templated_email(
        "erasure_done",
        {"request": locked, "first_name": first_name, "kept": preview.held + preview.kept},
        to=[email],
    )
    logger.info("Erasure request %s executed: %s", locked.pk, result.summary())
    return result
