"""Demo contributors of the own programme (`manage.py load_demo`, after the programme's own
activities): contributors in every stage, on activities of the programme that exist (the
sign-ups part of the demo makes them), or on a few made here when there are none.

The demo login "bijdrager" (Bas Muzikant) has a contribution in every stage; others are made-up
people. The login "programmamaker" (Petra Planjer) plans them. Idempotent: once Bas has
contributions, nothing is added.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail import hooks

from payments import services as payment_services
from portal.demo import DEMO_DOMAIN, staff_name
from programme import contributors
from programme.models import Contribution, ContributionStatus, ProgrammeActivityPage
from tests.factories.portal import UserFactory
from tests.factories.programme import ActivityFactory, BranchFactory, RoomFactory

S = ContributionStatus
DEMO_IBANS = ["NL91ABNA0417164300", "NL20INGB0001234567", "NL44RABO0123456789"]

# (stage, role, fee, VAT status, VAT rate, on an activity that has ended)
STAGES = [
    (S.INVITED, "performer", "450.00", "", None, False),
    (S.DETAILS_GIVEN, "workshop_leader", "275.00", "kor", None, False),
    (S.AGREEMENT_SENT, "speaker", "350.00", "exempt", None, False),
    (S.AGREEMENT_ACCEPTED, "performer", "600.00", "liable", 9, False),
    (S.PERFORMED, "speaker", "300.00", "exempt", None, True),
    (S.FEE_APPROVED, "workshop_leader", "250.00", "liable", 21, True),
    (S.PAID, "performer", "500.00", "liable", 9, True),
]
ORDER = [
    S.INVITED,
    S.DETAILS_GIVEN,
    S.AGREEMENT_SENT,
    S.AGREEMENT_ACCEPTED,
    S.PERFORMED,
    S.FEE_APPROVED,
    S.PAID,
]


def demo_activities(ended: bool, count: int):
    """Up to `count` activities of the programme, upcoming or ended; made here only if the
    programme has none (the programme's own demo has 20, one of them ended)."""
    now = timezone.now()
    found = ProgrammeActivityPage.objects.filter(ends_at__isnull=False)
    found = found.filter(ends_at__lt=now) if ended else found.filter(ends_at__gte=now)
    activities = list(found.order_by("ends_at", "pk")[:count])
    if activities:
        return activities
    room = RoomFactory(
        branch=BranchFactory(name="Stadkamer Centrum"), name="Theaterzaal", seats=200
    )
    start = now.replace(minute=0, second=0, microsecond=0)
    titles = (
        ["Lezing: Zwolle in de Hanzetijd", "Workshop stripschrijven", "Singer-songwriteravond"]
        if ended
        else ["Poëzieavond aan de IJssel", "Workshop linosnede", "Lezing: Thorbecke"]
    )
    for n, title in enumerate(titles[: count - len(activities)]):
        when = start - timedelta(days=10 + 7 * n) if ended else start + timedelta(days=7 + 7 * n)
        activities.append(
            ActivityFactory(
                title=title,
                slug=f"demo-bijdragers-{'geweest' if ended else 'straks'}-{n}",
                sessions=[(when.replace(hour=20), 60)],
                sessions__room=room,
            )
        )
    return activities


@hooks.register("portal_demo_data", order=85)
def load_contributors(users, home, **kwargs):
    bas = users["bijdrager"]
    if Contribution.objects.filter(contributor=bas).exists():
        return
    planner = users.get("programmamaker") or users["beheer"]
    upcoming = demo_activities(ended=False, count=3)
    ended = demo_activities(ended=True, count=3)
    made = []
    for n, (stage, role, fee, vat_status, vat_rate, past) in enumerate(STAGES):
        pool = ended if past else upcoming
        activity = pool[n % len(pool)]
        made.append(
            contribution_in(stage, activity, bas, role, fee, vat_status, vat_rate, n, planner)
        )
    # A made-up second contributor per upcoming activity, so the planning has more than Bas.
    for n, activity in enumerate(upcoming):
        first, last = staff_name(n + 11)
        person = UserFactory(
            email=f"bijdrager{n + 1}@{DEMO_DOMAIN}", first_name=first, last_name=last
        )
        contribution_in(
            S.AGREEMENT_ACCEPTED, activity, person, "performer", "200.00", "kor", None, n + 1,
            planner, name=f"{first} {last}",
        )  # fmt: skip
    settle([c for (stage, *_rest), c in zip(STAGES, made, strict=True) if stage == S.PAID])


def contribution_in(stage, activity, person, role, fee, vat_status, vat_rate, n, planner, name=""):
    """A contribution taken through the real steps up to `stage`."""
    contribution = contributors.invite(
        activity,
        name=name or f"{person.get_full_name()}",
        email=person.email,
        role=role,
        fee=Decimal(fee),
        invited_by=planner,
    )
    if stage == S.INVITED:
        return contribution
    invitation = contribution.invitations.get()
    invitation.accept(person)
    contribution.refresh_from_db()
    contribution.about = (
        "Maakt al twintig jaar muziek en theater in Zwolle en omstreken; speelt met liefde "
        "voor jong en oud."
    )
    contribution.technical_needs = "Twee microfoons, een DI-box en een monitor."
    contribution.room_needs = "Podium vrij, stoelen in theateropstelling."
    contribution.arrival_time = time(18, 30)
    contribution.vat_status = vat_status
    contribution.vat_rate = vat_rate
    contribution.account_holder = person.get_full_name()
    contribution.iban = DEMO_IBANS[n % len(DEMO_IBANS)]
    if vat_status == "liable":
        contribution.invoice_number = f"2026-{n + 1:03d}"
        contribution.invoice.save("factuur.pdf", ContentFile(demo_pdf()), save=False)
    contribution.save()
    contributors.details_saved(contribution, person)
    target = ORDER.index(stage)
    if target >= ORDER.index(S.AGREEMENT_SENT):
        contributors.send_agreement(contribution, planner)
    if target >= ORDER.index(S.AGREEMENT_ACCEPTED):
        contributors.apply(contribution, "accept_agreement", person)
        contributors.approve_content(contribution, planner)
    if target >= ORDER.index(S.PERFORMED):
        contributors.apply(contribution, "mark_performed", planner)
    if target >= ORDER.index(S.FEE_APPROVED):
        contributors.approve_fee(contribution, planner)
    contribution.refresh_from_db()
    return contribution


def settle(contributions):
    """The fee of these contributions paid: a batch, sent to the bank and paid."""
    payments = [c.payment for c in contributions if c.payment_id]
    if not payments:
        return
    batch = payment_services.create_batch(payments, timezone.localdate(), note="Demo: honoraria")
    payment_services.mark_exported(batch)
    payment_services.mark_paid(batch)


def demo_pdf() -> bytes:
    """A one-page PDF standing in for an invoice."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
