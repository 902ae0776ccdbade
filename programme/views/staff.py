"""The programme staff's pages (/mijn/programma/): activities with their sign-up numbers and the
day their data is destroyed, one activity's sign-ups and waiting list (payment at the desk,
attendance, cancelling), the door list as PDF, contest entries and winners, and the report.

Only the roles the register names for "programma-deelnemers" (Programmamaker) and superusers
get in; every look at personal data is written to the access log.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from portal.pdf import render_pdf
from privacy.access import PurposeRequiredMixin, log_access, staff_can_see
from privacy.models import AccessAction
from privacy.purposes import PROGRAMMA_BIJDRAGERS, PROGRAMMA_DEELNEMERS
from programme import reports, signups
from programme.forms import PeriodForm
from programme.models import (
    ContestEntry,
    Contribution,
    ProgrammeActivityPage,
    SignUp,
    SignupScope,
    SignupStatus,
)

RECENT_DAYS = 30


class StaffMixin(LoginRequiredMixin, PurposeRequiredMixin):
    purpose = PROGRAMMA_DEELNEMERS

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_activity(self):
        return get_object_or_404(
            ProgrammeActivityPage.objects.select_related("provider"), pk=self.kwargs["pk"]
        )


PAGE_SIZE = 50


class ActivityListView(StaffMixin, TemplateView):
    """Upcoming activities and those of the last month, with their numbers (from the counts,
    no personal data) and when their sign-ups are destroyed."""

    template_name = "programme/staff/activities.html"

    def get_context_data(self, **kwargs):
        since = timezone.now() - timedelta(days=RECENT_DAYS)
        # Only sums over the counts: a second many-valued join (the sessions) would multiply them.
        activities = (
            ProgrammeActivityPage.objects.filter(Q(ends_at__gte=since) | Q(ends_at__isnull=True))
            .annotate(
                places_taken=Coalesce(Sum("tallies__places"), 0),
                signup_count=Coalesce(Sum("tallies__signups"), 0),
                waiting_now=Coalesce(Sum("tallies__waiting"), 0),
                entries=Coalesce(Sum("tallies__contest_entries"), 0),
            )
            .only("pk", "title", "first_date", "ends_at", "signup_scope", "leisure_kind", "live")
            .order_by("first_date", "title", "pk")
        )
        page_obj = Paginator(activities, PAGE_SIZE).get_page(self.request.GET.get("page"))
        days = signups.retention_days()
        now = timezone.now()
        for activity in page_obj:
            activity.destroyed_on = signups.destroyed_on(activity.ends_at, days)
            activity.ended = activity.ends_at is not None and activity.ends_at <= now
        return super().get_context_data(activities=page_obj, page_obj=page_obj, **kwargs)


class ActivityView(StaffMixin, TemplateView):
    template_name = "programme/staff/activity.html"

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        sessions = list(activity.sessions.select_related("room").order_by("start"))
        rows = list(
            SignUp.objects.filter(activity=activity)
            .exclude(status=SignupStatus.CANCELLED)
            .order_by("session__start", "created_at", "pk")
        )
        log_access(
            self.request.user,
            model=SignUp,
            purpose=self.purpose,
            object_id=activity.pk,
            count=len(rows),
        )
        units = []
        if activity.signup_scope == SignupScope.SESSION:
            for session in sessions:
                unit_rows = [r for r in rows if r.session_id == session.pk]
                units.append(self.unit(activity, session, unit_rows))
        else:
            units.append(self.unit(activity, None, [r for r in rows if r.session_id is None]))
        days = signups.retention_days()
        return super().get_context_data(
            activity=activity,
            sessions=sessions,
            units=units,
            destroyed_on=signups.destroyed_on(activity.ends_at, days),
            days=days,
            is_contest=activity.leisure_kind == "contest",
            **kwargs,
        )

    def unit(self, activity, session, rows):
        confirmed = [r for r in rows if r.status == SignupStatus.CONFIRMED]
        capacity = signups.capacity_of(activity, session)
        taken = sum(r.places for r in confirmed)
        return {
            "session": session,
            "capacity": capacity,
            "taken": taken,
            "left": None if capacity is None else max(capacity - taken, 0),
            "confirmed": confirmed,
            "waiting": [r for r in rows if r.status == SignupStatus.WAITING],
            "destroyed_on": signups.destroyed_on(session.end if session else activity.ends_at),
        }

    def post(self, request, pk):
        activity = self.get_activity()
        signup = get_object_or_404(SignUp, pk=request.POST.get("signup"), activity=activity)
        action = request.POST.get("action")
        if action == "paid":
            signups.set_paid(signup, True)
            messages.success(request, _("Marked as paid."))
        elif action == "unpaid":
            signups.set_paid(signup, False)
            messages.success(request, _("Payment undone."))
        elif action == "attended":
            signups.set_attended(signup, True)
        elif action == "absent":
            signups.set_attended(signup, False)
        elif action == "cancel":
            outcome = signups.cancel(signup, base_url=request.build_absolute_uri("/"))
            messages.success(
                request,
                _("The sign-up is cancelled; %(n)s moved up from the waiting list.")
                % {"n": len(outcome.moved_up)},
            )
        else:
            messages.error(request, _("Unknown action."))
            return HttpResponseRedirect(request.path + f"#signup-{signup.pk}")
        log_access(
            request.user,
            model=SignUp,
            purpose=self.purpose,
            action=AccessAction.CHANGE,
            object_id=signup.pk,
        )
        return HttpResponseRedirect(request.path + f"#signup-{signup.pk}")


class DoorListView(StaffMixin, View):
    """The list at the door: names, places, child details if asked, payment, tick boxes."""

    def get(self, request, pk):
        activity = get_object_or_404(ProgrammeActivityPage, pk=pk)
        rows = SignUp.objects.filter(activity=activity).confirmed().select_related("session")
        session = None
        if request.GET.get("sessie", "").isdigit():
            session = get_object_or_404(activity.sessions, pk=int(request.GET["sessie"]))
            rows = rows.filter(session=session)
        rows = list(rows.order_by("session__start", "name"))
        log_access(
            request.user,
            model=SignUp,
            purpose=self.purpose,
            action=AccessAction.EXPORT,
            object_id=activity.pk,
            count=len(rows),
        )
        pdf = render_pdf(
            "programme/pdf/door_list.html",
            {
                "activity": activity,
                "session": session,
                "rows": rows,
                "total_places": sum(r.places for r in rows),
                "printed_at": timezone.now(),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="deurlijst-{activity.pk}.pdf"'
        return response


class ContestView(StaffMixin, TemplateView):
    template_name = "programme/staff/contest.html"

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        entries = list(ContestEntry.objects.filter(activity=activity))
        log_access(
            self.request.user,
            model=ContestEntry,
            purpose=self.purpose,
            object_id=activity.pk,
            count=len(entries),
        )
        return super().get_context_data(
            activity=activity,
            entries=entries,
            is_open=signups.contest_is_open(activity),
            destroyed_on=signups.destroyed_on(activity.ends_at),
            **kwargs,
        )

    def post(self, request, pk):
        activity = self.get_activity()
        chosen = ContestEntry.objects.filter(
            activity=activity, pk__in=[v for v in request.POST.getlist("winner") if v.isdigit()]
        )
        if not chosen.exists():
            messages.error(request, _("Choose at least one winner."))
            return HttpResponseRedirect(request.path)
        if signups.contest_is_open(activity):
            messages.error(request, _("Winners can be chosen once the contest has closed."))
            return HttpResponseRedirect(request.path)
        count = signups.announce_winners(activity, chosen, base_url=request.build_absolute_uri("/"))
        log_access(
            request.user,
            model=ContestEntry,
            purpose=self.purpose,
            action=AccessAction.CHANGE,
            object_id=activity.pk,
            count=count,
        )
        messages.success(request, _("%(n)s winners have been emailed.") % {"n": count})
        return HttpResponseRedirect(request.path)


class ReportView(StaffMixin, TemplateView):
    """Per activity and per period, from the anonymous counts; ?format=xlsx exports it."""

    template_name = "programme/staff/report.html"

    def get(self, request, *args, **kwargs):
        form = PeriodForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        costs = staff_can_see(request.user, PROGRAMMA_BIJDRAGERS)
        report = reports.build(data.get("start"), data.get("end"), costs=costs)
        export = request.GET.get("format") == "xlsx" and (form.is_valid() or not request.GET)
        if costs:
            log_access(
                request.user,
                model=Contribution,
                purpose=PROGRAMMA_BIJDRAGERS,
                action=AccessAction.EXPORT if export else AccessAction.VIEW,
                count=sum(1 for row in report.rows if row.contributor_costs),
            )
        if export:
            response = HttpResponse(reports.xlsx(report), content_type=reports.XLSX_TYPE)
            response["Content-Disposition"] = (
                f'attachment; filename="programma-{timezone.localdate():%Y-%m-%d}.xlsx"'
            )
            return response
        query = request.GET.copy()
        query["format"] = "xlsx"
        return self.render_to_response(
            self.get_context_data(form=form, report=report, xlsx_query=query.urlencode())
        )
