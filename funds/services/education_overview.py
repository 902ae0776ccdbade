"""The fund managers' overview of all schools' budgets in one year (Fonds Cultuureducatie):
allocated, committed, paid, left, spent %, share on pupils' activities, the schools that have
spent nothing yet, and what was spent per discipline; with an XLSX export; and the yearly
reminder to schools that have spent little.

A fixed handful of queries whatever the number of schools: the allocations of the year (with
school and scheme), one aggregate of the spending per allocation, one for the previous year's
carry-over, one per discipline.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funds.models import SpendingRequest
from funds.models.education import Allocation, AllocationStatus, EducationScheme
from funds.services import budget as budget_service
from funds.services.budget import COUNTING, ZERO
from portal.emails import send_templated_email
from portal.money import euro_formatter, number_formatter
from schools.models import SchoolMembership, SchoolRole


@dataclass(frozen=True)
class SchoolRow:
    allocation: Allocation
    budget: budget_service.Budget

    @property
    def school(self):
        return self.allocation.school

    @property
    def nothing_spent(self) -> bool:
        return not self.budget.spent


@dataclass(frozen=True)
class Overview:
    scheme: EducationScheme | None
    rows: list[SchoolRow]
    by_discipline: list[dict]

    @property
    def totals(self) -> dict[str, Decimal]:
        names = ("available", "committed", "paid", "left")
        return {n: sum((getattr(r.budget, n) for r in self.rows), ZERO) for n in names}

    @property
    def nothing_spent_count(self) -> int:
        return sum(1 for r in self.rows if r.nothing_spent)


def display_rows(rows: list["SchoolRow"], year: int | None = None) -> list[dict]:
    """What each row of the overview shows, formatted once (with the year report's link): the
    overview prints eight figures for each of hundreds of schools, so with the fast formatters."""
    from django.urls import reverse

    report = reverse("funds:staff_year_report", args=[0, year or 2000]).replace("/0/", "/%d/")
    money = euro_formatter()
    percent = number_formatter(1)
    result = []
    for row in rows:
        b = row.budget
        result.append(
            {
                "school": row.school,
                "report_url": report % row.school.pk,
                "phase": row.allocation.phase,
                "available": money(b.available),
                "committed": money(b.committed),
                "paid": money(b.paid),
                "left": money(b.left),
                "nothing_spent": row.nothing_spent,
                "spent_percentage": (
                    percent(b.spent_percentage) if b.spent_percentage is not None else ""
                ),
                "pupil_share": (percent(b.pupil_share) if b.pupil_share is not None else None),
                "pupil_share_below_minimum": b.pupil_share_below_minimum,
            }
        )
    return result


def years():
    return list(EducationScheme.objects.order_by("-year").values_list("year", flat=True))


def overview(year: int, school_type: str = "", wijk: str = "", only_nothing_spent=False):
    scheme = EducationScheme.objects.filter(year=year).first()
    if scheme is None:
        return Overview(None, [], [])
    allocations = (
        Allocation.objects.filter(scheme=scheme, status=AllocationStatus.CONFIRMED)
        .select_related("school", "scheme")
        .order_by("school__name", "pk")
    )
    if school_type:
        allocations = allocations.filter(school__school_type=school_type)
    if wijk:
        allocations = allocations.filter(school__wijk=wijk)
    allocations = list(allocations)
    budgets = budget_service.budgets_for(allocations)
    rows = [SchoolRow(a, budgets[a.pk]) for a in allocations]
    if only_nothing_spent:
        rows = [r for r in rows if r.nothing_spent]
    by_discipline = list(
        SpendingRequest.objects.filter(
            allocation__in=[r.allocation.pk for r in rows], status__in=COUNTING
        )
        .values("discipline__name")
        .annotate(amount=Sum("amount"), activities=Count("pk"), pupils=Sum("pupils"))
        .order_by("-amount")
    )
    return Overview(scheme, rows, by_discipline)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(data: Overview) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(data.scheme.year) if data.scheme else "-"
    header = [
        _("School"),
        _("BRIN"),
        _("School type"),
        _("Wijk"),
        _("Pupils"),
        _("Phase"),
        _("Allocated"),
        _("Carried over"),
        _("Committed"),
        _("Paid"),
        _("Left"),
        _("Spent %"),
        _("Share on pupils' activities %"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        b, a = row.budget, row.allocation
        sheet.append(
            [
                a.school.name,
                a.school.brin_code,
                a.school.get_school_type_display(),
                a.school.get_wijk_display(),
                a.pupils,
                a.phase,
                b.allocated,
                b.carried_in,
                b.committed,
                b.paid,
                b.left,
                float(b.spent_percentage) if b.spent_percentage is not None else None,
                float(b.pupil_share) if b.pupil_share is not None else None,
            ]
        )
    for column in "GHIJK":
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    disciplines = book.create_sheet(_("Disciplines"))
    disciplines.append([_("Discipline"), _("Amount"), _("Activities"), _("Pupils")])
    for line in data.by_discipline:
        disciplines.append(
            [
                line["discipline__name"] or _("Not given"),
                line["amount"],
                line["activities"],
                line["pupils"],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send_spending_reminders(today=None) -> int:
    """On or after the scheme's reminder day: one email to the directie and culture
    coordinators of each school that has spent (committed or paid) less than the scheme's
    share. Once per school and year. Returns the number of schools reminded."""
    today = today or timezone.localdate()
    schemes = EducationScheme.objects.filter(
        year=today.year, spending_reminder_on__isnull=False, spending_reminder_on__lte=today
    )
    reminded = 0
    for scheme in schemes:
        allocations = list(
            Allocation.objects.filter(
                scheme=scheme,
                status=AllocationStatus.CONFIRMED,
                spending_reminder_sent_at__isnull=True,
            ).select_related("school", "scheme")
        )
        budgets = budget_service.budgets_for(allocations)
        below = [
            a
            for a in allocations
            if (budgets[a.pk].spent_percentage or Decimal("0")) < scheme.spending_reminder_below
        ]
        addresses = {}
        for membership in SchoolMembership.objects.filter(
            Q(role=SchoolRole.DIRECTIE) | Q(role=SchoolRole.CULTUURCOORDINATOR),
            school__in=[a.school_id for a in below],
            user__is_active=True,
        ).select_related("user"):
            if membership.user.email:
                addresses.setdefault(membership.school_id, set()).add(membership.user.email)
        for allocation in below:
            for address in sorted(addresses.get(allocation.school_id, ())):
                send_templated_email(
                    "funds_spending_reminder",
                    {
                        "allocation": allocation,
                        "school": allocation.school,
                        "budget": budgets[allocation.pk],
                        "scheme": scheme,
                        "portal_url": settings.WAGTAILADMIN_BASE_URL,
                    },
                    to=[address],
                )
            Allocation.objects.filter(pk=allocation.pk).update(
                spending_reminder_sent_at=timezone.now()
            )
            reminded += 1
    return reminded
