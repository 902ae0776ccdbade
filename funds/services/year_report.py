"""A school's year report of the Fonds Cultuureducatie: what the budget was spent on (per
discipline and per group), how many pupils were reached, the share on pupils' activities, and
what lapses or carries over. As figures (for the page and the staff overview) and as a PDF.

Counted are the requests that count against the budget: committed and paid (not drafts,
returned or withdrawn ones). Pupils reached is the sum of the pupils of those activities: a
pupil who took part in two activities counts twice (the portal holds no pupil data, only
counts).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from funds import letters
from funds.models import SpendingRequest
from funds.models.education import Allocation
from funds.services import budget as budget_service
from funds.services.budget import COUNTING, ZERO


@dataclass(frozen=True)
class Line:
    label: str
    amount: Decimal
    activities: int
    pupils: int


@dataclass(frozen=True)
class YearReport:
    allocation: Allocation
    budget: budget_service.Budget
    by_discipline: list[Line]
    by_group: list[Line]
    activities: int
    pupils: int


def year_report(allocation: Allocation) -> YearReport:
    counting = SpendingRequest.objects.filter(allocation=allocation, status__in=COUNTING)
    by_discipline = [
        Line(row["discipline__name"] or _("Not given"), row["amount"], row["n"], row["pupils"])
        for row in counting.values("discipline__name")
        .annotate(amount=Sum("amount"), n=Count("pk"), pupils=Sum("pupils"))
        .order_by("-amount", "discipline__name")
    ]
    # An activity for several groups counts for each of its groups (amount shared equally).
    per_group = defaultdict(lambda: [ZERO, 0, 0])
    rows = counting.prefetch_related("groups").only("pk", "amount", "pupils")
    activities = pupils = 0
    for request in rows:
        activities += 1
        pupils += request.pupils
        groups = list(request.groups.all()) or [None]
        share = (request.amount / len(groups)).quantize(Decimal("0.01"))
        for group in groups:
            key = (group.sort_order, group.name) if group else (10_000, _("Not given"))
            per_group[key][0] += share
            per_group[key][1] += 1
            per_group[key][2] += request.pupils // len(groups)
    by_group = [Line(name, *values) for (_order, name), values in sorted(per_group.items())]
    return YearReport(
        allocation=allocation,
        budget=budget_service.budget_for(allocation),
        by_discipline=by_discipline,
        by_group=by_group,
        activities=activities,
        pupils=pupils,
    )


def year_report_pdf(allocation: Allocation) -> bytes:
    report = year_report(allocation)
    return letters.render_letter(
        "pdf/letters/year_report.html",
        {
            "report": report,
            "budget": report.budget,
            "allocation": allocation,
            "school": allocation.school,
            "year": allocation.scheme.year,
            "scheme": allocation.scheme,
            "recipient_lines": letters.school_recipient_lines(allocation.school),
        },
    )
