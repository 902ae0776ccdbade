"""A panel on the Wagtail admin home for whoever keeps the register (the privacy officer).

It warns when an active purpose names a processor whose agreement is missing or has expired
(GDPR art. 28: no processor without an agreement), counts the data subject requests past their
due date, and lists open breaches whose 72-hour deadline to report them is near or past.

Wagtail imports only `wagtail_hooks` modules: privacy/wagtail_hooks.py imports this one.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from privacy import purposes
from privacy.access import staff_can_see
from privacy.models import Breach, BreachRisk, DataSubjectRequest, Processor, Purpose
from privacy.models.incidents import BREACH_NOTIFICATION_HOURS

# A breach's deadline is "near" this long before it passes.
DEADLINE_NEAR = timedelta(hours=24)


@dataclass(frozen=True)
class AgreementWarning:
    purpose: Purpose
    processor: Processor
    reason: str


def agreement_warnings(today=None) -> list[AgreementWarning]:
    """Every (active purpose, processor) pair whose agreement is missing or has expired."""
    today = today or timezone.localdate()
    without_valid_agreement = Processor.objects.filter(
        Q(agreement_signed_on__isnull=True) | Q(agreement_ends_on__lt=today),
        purposes__is_active=True,
    ).distinct()
    active = Prefetch("purposes", queryset=Purpose.objects.active(), to_attr="active_purposes")
    warnings = []
    for processor in without_valid_agreement.prefetch_related(active):
        reason = (
            _("no processing agreement")
            if processor.agreement_signed_on is None
            else _("agreement expired on %(date)s")
            % {"date": date_format(processor.agreement_ends_on)}
        )
        for purpose in processor.active_purposes:
            warnings.append(AgreementWarning(purpose, processor, reason))
    return sorted(warnings, key=lambda w: (w.purpose.sort_order, w.purpose.code, w.processor.name))


def breaches_to_report(now=None):
    """Open breaches that must be reported and are not yet, with the deadline near or past."""
    now = now or timezone.now()
    discovered_before = now + DEADLINE_NEAR - timedelta(hours=BREACH_NOTIFICATION_HOURS)
    return Breach.objects.filter(
        closed_at__isnull=True,
        reported_to_authority_at__isnull=True,
        risk__in=[BreachRisk.RISK, BreachRisk.HIGH],
        discovered_at__lte=discovered_before,
    ).order_by("discovered_at")


def can_keep_register(user) -> bool:
    return user.has_perm("privacy.view_purpose")


class PrivacyPanel(Component):
    name = "privacy_warnings"
    template_name = "privacy/admin/dashboard_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = {"agreement_warnings": agreement_warnings()}
        if staff_can_see(self.user, purposes.PRIVACYBEHEER):
            context["overdue_requests"] = DataSubjectRequest.objects.overdue().count()
            context["breaches"] = list(breaches_to_report())
            context["show_requests"] = True
        return context


@hooks.register("construct_homepage_panels")
def add_privacy_panel(request, panels):
    if can_keep_register(request.user):
        panels.append(PrivacyPanel(request.user))
