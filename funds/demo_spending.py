"""Demo spending on the school budgets of the Fonds Cultuureducatie (after the allocations):
for the demo school of directie@ / icc@ / vakdocent@ a request in every status — a teacher's
proposal, a draft, one waiting for the directie, one waiting for the fund, one returned, one
approved and waiting for the payment batch, one paid in a paid batch, one withdrawn — and paid
spending at some other schools, so the staff overview shows schools that spent and schools that
spent nothing yet. Every step goes through the real workflow (four eyes included).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail import hooks

from funds import spending_workflow
from funds.models import SpendingRequest
from funds.models.education import Allocation, AllocationStatus
from funds.services import spending
from listings.models import Discipline, Provider, SchoolGroup
from payments import services as payment_services
from schools.models import SchoolMembership, SchoolRole

# (activity, discipline slug, groups, pupils, amount, pupil activity?, final status)
PLAN = [
    ("Theatervoorstelling “De Storm”", "theater", ["groep 7", "groep 8"], 56, "672.00", True,
     "paid"),
    ("Workshop stopmotion", "film-en-media", ["groep 5", "groep 6"], 48, "540.00", True,
     "approved"),
    ("Schoolconcert Philharmonie", "muziek", ["groep 3", "groep 4"], 60, "390.00", True,
     "school_approved"),
    ("Museumles erfgoed", "erfgoed", ["groep 6"], 27, "243.00", True, "submitted"),
    ("Dansworkshop hiphop", "dans", ["groep 8"], 29, "310.00", True, "returned"),
    ("Schrijversbezoek", "literatuur-en-lezen", ["groep 5"], 25, "275.00", True, "draft"),
    ("Teamscholing beeldend onderwijs", "beeldende-kunst", [], 0, "450.00", False, "paid"),
    ("Excursie architectuurcentrum", "design-en-architectuur", ["groep 7"], 26, "180.00", True,
     "withdrawn"),
]  # fmt: skip


def invoice_pdf(number, provider, school, activity, amount) -> bytes:
    """A one-page demo invoice, written directly as PDF (WeasyPrint would take ~0.4 s for each
    of the demo's invoices, and the demo is loaded by many tests)."""
    lines = [
        f"Factuur {number}",
        provider,
        "IBAN NL91 ABNA 0417 1643 00",
        "",
        f"Aan: {school}",
        f"{activity}: EUR {amount}",
    ]

    def text(value):
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({text(t)}) '" for t in lines) + " ET"
    stream = body.encode("cp1252", "replace")  # the font's WinAnsiEncoding
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def member(school, role):
    membership = (
        SchoolMembership.objects.filter(school=school, role=role).select_related("user").first()
    )
    return membership.user if membership else None


def make_request(allocation, drafter, activity, slug, groups, pupils, amount, pupil_activity, day):
    providers = list(Provider.objects.order_by("pk"))
    provider = providers[(day.toordinal() // 7) % len(providers)] if providers else None
    provider_name = provider.name if provider else "Theatergroep De Spiegel"
    request = spending.create(
        allocation.school,
        drafter,
        {
            "activity": activity,
            "provider": provider,
            "provider_name": "" if provider else provider_name,
            "discipline": Discipline.objects.filter(slug=slug).first(),
            "pupils": max(pupils, 1),
            "activity_date": day,
            "amount": Decimal(amount),
            "is_pupil_activity": pupil_activity,
            "invoice_number": f"{day:%Y}-{allocation.school_id:02d}{day:%m%d}",
            "payee_name": provider_name,
            "payee_iban": "NL91ABNA0417164300",
        },
        groups=SchoolGroup.objects.filter(school_type=allocation.school_type, name__in=groups),
    )
    pdf = invoice_pdf(
        request.invoice_number, provider_name, allocation.school.name, activity, amount
    )
    request.invoice.save("factuur.pdf", ContentFile(pdf), save=True)
    return request


def take_to(request, status, directie, icc, manager, to_pay):
    """Walk the request through the workflow to `status`; payments to make go in `to_pay`."""
    if status == "draft":
        return
    if status == "withdrawn":
        spending_workflow.apply(request, "withdraw", icc)
        return
    request = spending_workflow.apply(request, "submit", icc)
    if status == "submitted":
        return
    if status == "returned":
        spending_workflow.apply(
            request, "return_school", directie, reason="Graag de factuur op naam van de school."
        )
        return
    request = spending_workflow.apply(request, "approve_school", directie)
    if status == "school_approved":
        return
    request = spending.approve_for_payment(request, manager)
    if status == "paid":
        to_pay.append(request.payment)


@hooks.register("portal_demo_data", order=65)
def load_education_spending(users, **kwargs):
    if SpendingRequest.objects.exists():
        return  # loaded before
    year = timezone.localdate().year
    allocations = list(
        Allocation.objects.filter(scheme__year=year, status=AllocationStatus.CONFIRMED)
        .select_related("school", "scheme")
        .order_by("school__name")
    )
    if not allocations:
        return
    manager = users["fondsbeheerder"]
    demo_school = (
        SchoolMembership.objects.filter(user=users["directie"]).values_list("school", flat=True)
    ).first()
    start = datetime.date(year, 2, 3)
    to_pay = []
    for n, allocation in enumerate(allocations):
        school = allocation.school
        directie, icc = (
            member(school, SchoolRole.DIRECTIE),
            member(school, SchoolRole.CULTUURCOORDINATOR),
        )
        if allocation.school_id == demo_school:
            directie, icc = users["directie"], users["icc"]
            plan = PLAN
            proposal = make_request(
                allocation, users["vakdocent"], "Voorstel: bezoek Stadkamer-expositie",
                "beeldende-kunst", ["groep 4"], 24, "96.00", True, start + datetime.timedelta(150),
            )  # fmt: skip
            del proposal  # stays a teacher's proposal
        elif n % 3 == 2:
            continue  # a school that spent nothing yet
        else:
            plan = [PLAN[n % 2]]
        for k, (activity, slug, groups, pupils, amount, pupil_activity, status) in enumerate(plan):
            day = start + datetime.timedelta(days=21 * k)
            request = make_request(
                allocation, icc, activity, slug, groups, pupils, amount, pupil_activity, day
            )
            take_to(request, status, directie, icc, manager, to_pay)
    if to_pay:  # one batch of the fund's invoices, sent to the bank and paid
        batch = payment_services.create_batch(to_pay, timezone.localdate())
        payment_services.mark_exported(batch)
        payment_services.mark_paid(batch)


@hooks.register("portal_demo_data", order=66)
def load_bookings(users, **kwargs):
    """Bookings of the demo school in every state, preferably of the demo provider's offers (so
    aanbieder@ has bookings to answer)."""
    from funds import booking_workflow
    from funds.models import Booking
    from listings.models import EducationOfferPage, ProviderMembership

    if Booking.objects.exists():
        return
    school_id = (
        SchoolMembership.objects.filter(user=users["directie"]).values_list("school", flat=True)
    ).first()
    if school_id is None:
        return
    providers = ProviderMembership.objects.filter(user=users["aanbieder"]).values("provider")
    paid = EducationOfferPage.objects.live().exclude(price_kind="free").filter(price_from__gt=0)
    offers = list(paid.filter(provider__in=providers)[:4])
    offers += list(paid.exclude(provider__in=providers)[:4])
    if not offers:
        return
    school = SchoolMembership.objects.get(user=users["directie"]).school
    icc, provider_user = users["icc"], users["aanbieder"]
    today = timezone.localdate()

    year_end = datetime.date(today.year, 12, 31)

    def book(offer, days, pupils=26):
        # Within this year: the school's budget is this year's (the demo has no next year).
        groups = list(offer.school_groups.filter(school_type=school.school_type)[:1]) or list(
            offer.school_groups.all()[:1]
        )
        return booking_workflow.request_booking(
            school,
            offer,
            icc,
            date=min(today + datetime.timedelta(days=days), year_end),
            groups=groups,
            pupils=pupils,
            message="Graag in het speellokaal; we hebben een digibord.",
        )

    def answerer(offer):
        member = ProviderMembership.objects.filter(provider=offer.provider).first()
        return member.user if member else provider_user

    plan = ["requested", "date_proposed", "accepted", "held", "declined", "cancelled"]
    for n, state in enumerate(plan):
        offer = offers[n % len(offers)]
        booking = book(offer, days=7 + 4 * n)
        who = answerer(offer)
        if state == "date_proposed":
            booking_workflow.apply(
                booking,
                "propose_date",
                who,
                reason="Die week zijn we vol; kan het een week later?",
                date=min(booking.date + datetime.timedelta(days=7), year_end),
            )
        elif state in ("accepted", "held", "cancelled"):
            booking = booking_workflow.apply(booking, "accept", who)
            if state == "cancelled":
                booking_workflow.apply(booking, "cancel", icc)
            elif state == "held":
                Booking.objects.filter(pk=booking.pk).update(
                    date=today - datetime.timedelta(days=3)
                )
                booking.refresh_from_db()
                booking.spending.activity_date = booking.date
                booking.spending.save(update_fields=["activity_date"])
                pdf = invoice_pdf(
                    f"{today:%Y}-B{booking.pk}",
                    offer.provider.name,
                    school.name,
                    offer.title,
                    booking.spending.amount,
                )
                booking_workflow.confirm_held(
                    booking,
                    who,
                    ContentFile(pdf, name="factuur.pdf"),
                    f"{today:%Y}-B{booking.pk}",
                    offer.provider.name,
                    "NL91ABNA0417164300",
                )
        elif state == "declined":
            booking_workflow.apply(booking, "decline", who, reason="Deze periode zijn we vol.")
