"""Emails about a school's spending requests, sent after the step is committed.

- submitted: to the school's authorised persons (directie and whom the directie authorised),
  except the person who submitted it;
- returned (by the school or the fund): to the person who drafted it and who submitted it;
- approved by the fund, and paid: to the person who submitted it.
"""

from django.conf import settings
from django.db.models import Q

from funds.models import SpendingRequest
from portal.emails import send_templated_email
from schools.models import SchoolMembership, SchoolRole


def approver_addresses(request: SpendingRequest) -> list[str]:
    members = SchoolMembership.objects.filter(
        Q(role=SchoolRole.DIRECTIE) | Q(may_approve_spending=True),
        school_id=request.school_id,
        user__is_active=True,
    )
    exclude = {request.created_by_id, request.submitted_by_id}
    return sorted(
        {m.user.email for m in members.select_related("user") if m.user_id not in exclude} - {""}
    )


def _addresses(*users) -> list[str]:
    return sorted({u.email for u in users if u is not None and u.is_active and u.email})


def notify(request_id: int, step: str) -> None:
    request = (
        SpendingRequest.objects.select_related("school", "created_by", "submitted_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return
    if step == "submit":
        to = approver_addresses(request)
    elif step in ("return_school", "return_fund"):
        to = _addresses(request.created_by, request.submitted_by)
    elif step in ("approve_fund", "paid"):
        to = _addresses(request.submitted_by or request.created_by)
    else:
        return
    context = {
        "request": request,
        "step": step,
        "portal_url": settings.WAGTAILADMIN_BASE_URL,
    }
    for address in to:
        send_templated_email(f"funds_spending_{step.split('_')[0]}", context, to=[address])
