"""The Taalpunt coordinator's activities, sessions, enrolment, attendance and statistics."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from privacy.access import forbidden, log_access, staff_can_see
from privacy.models import AccessAction
from privacy.purposes import TAALPUNT_STATISTIEK
from volunteers import statistics
from volunteers.forms import ActivityForm, EnrolForm, SessionForm
from volunteers.models import (
    Activity,
    ActivitySession,
    Attendance,
    Enrolment,
    StatisticsRecord,
    Status,
    TaalpuntPerson,
)
from volunteers.programmes import TAALPUNT
from volunteers.views.coordinator import CoordinatorMixin


class TaalpuntMixin(CoordinatorMixin):
    only_programme = TAALPUNT


class ActivityListView(TaalpuntMixin, TemplateView):
    template_name = "volunteers/coordinator/activities.html"

    def get_context_data(self, form=None, **kwargs):
        now = timezone.now()
        activities = Activity.objects.annotate(
            enrolled=Count(
                "enrolments", filter=Q(enrolments__signed_off_at__isnull=True), distinct=True
            ),
            upcoming=Count("sessions", filter=Q(sessions__starts_at__gte=now), distinct=True),
        )
        return super().get_context_data(
            activities=activities, form=form or ActivityForm(), **kwargs
        )

    def post(self, request, programme):
        form = ActivityForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        activity = form.save()
        messages.success(request, _("The activity is added."))
        return HttpResponseRedirect(reverse("volunteers:activity", args=[activity.pk]))


class ActivityDetailView(TaalpuntMixin, TemplateView):
    template_name = "volunteers/coordinator/activity.html"

    def get_activity(self):
        return get_object_or_404(Activity, pk=self.kwargs["pk"])

    def candidates(self, activity):
        return (
            TaalpuntPerson.objects.confirmed()
            .exclude(status=Status.STOPPED)
            .exclude(enrolments__activity=activity, enrolments__signed_off_at__isnull=True)
            .only("pk", "first_name", "last_name", "role")
        )

    def get_context_data(self, forms=None, **kwargs):
        activity = self.get_activity()
        forms = forms or {}
        enrolments = activity.enrolments.current().select_related("person")
        sessions = activity.sessions.annotate(
            present=Count("attendance", filter=Q(attendance__present=True))
        )
        log_access(
            self.request.user,
            model=TaalpuntPerson,
            purpose=self.programme.purpose,
            count=len(enrolments),
        )
        return super().get_context_data(
            activity=activity,
            enrolments=enrolments,
            sessions=sessions,
            session_form=forms.get("session") or SessionForm(),
            enrol_form=forms.get("enrol") or EnrolForm(people=self.candidates(activity)),
            edit_form=forms.get("edit") or ActivityForm(instance=activity),
            **kwargs,
        )

    def post(self, request, programme, pk):
        activity = self.get_activity()
        action = request.POST.get("action")
        if action == "session":
            form = SessionForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(forms={"session": form}))
            start = form.cleaned_data["starts_at"]
            length = timedelta(minutes=form.cleaned_data["minutes"])
            ActivitySession.objects.bulk_create(
                ActivitySession(
                    activity=activity,
                    starts_at=start + timedelta(weeks=n),
                    ends_at=start + timedelta(weeks=n) + length,
                )
                for n in range(form.cleaned_data["weeks"])
            )
            messages.success(request, _("The sessions are added."))
        elif action == "enrol":
            form = EnrolForm(request.POST, people=self.candidates(activity))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(forms={"enrol": form}))
            person = TaalpuntPerson.objects.get(pk=form.cleaned_data["person"])
            enrolment, created = Enrolment.objects.get_or_create(activity=activity, person=person)
            if not created:
                enrolment.signed_off_at = None
                enrolment.enrolled_at = timezone.now()
                enrolment.save(update_fields=["signed_off_at", "enrolled_at"])
            messages.success(request, _("Enrolled."))
        elif action == "unenrol":
            enrolment = get_object_or_404(
                activity.enrolments.current(), pk=request.POST.get("enrolment")
            )
            enrolment.signed_off_at = timezone.now()
            enrolment.save(update_fields=["signed_off_at"])
            messages.success(request, _("Signed off from the activity."))
        elif action == "edit":
            form = ActivityForm(request.POST, instance=activity)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(forms={"edit": form}))
            form.save()
            messages.success(request, _("The activity is saved."))
        return HttpResponseRedirect(request.path)


class AttendanceView(TaalpuntMixin, TemplateView):
    """Who came to one session: a tick per enrolled person."""

    template_name = "volunteers/coordinator/attendance.html"

    def get_session(self):
        return get_object_or_404(
            ActivitySession.objects.select_related("activity"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        session = self.get_session()
        present = set(session.attendance.filter(present=True).values_list("person_id", flat=True))
        enrolments = session.activity.enrolments.current().select_related("person")
        return super().get_context_data(
            session=session,
            rows=[(e.person, e.person_id in present) for e in enrolments],
            **kwargs,
        )

    def post(self, request, programme, pk):
        session = self.get_session()
        enrolled = set(session.activity.enrolments.current().values_list("person_id", flat=True))
        ticked = {int(i) for i in request.POST.getlist("present") if i.isdigit()} & enrolled
        with transaction.atomic():
            session.attendance.exclude(person_id__in=enrolled).delete()
            for person_id in enrolled:
                Attendance.objects.update_or_create(
                    session=session, person_id=person_id, defaults={"present": person_id in ticked}
                )
        log_access(
            request.user,
            model=TaalpuntPerson,
            purpose=self.programme.purpose,
            action=AccessAction.CHANGE,
            count=len(enrolled),
        )
        messages.success(request, _("Attendance is saved."))
        return HttpResponseRedirect(reverse("volunteers:activity", args=[session.activity_id]))


class StatisticsView(TaalpuntMixin, TemplateView):
    """Counts per month for the national Taalpunt statistics; CSV or XLSX to download."""

    template_name = "volunteers/coordinator/statistics.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not staff_can_see(request.user, TAALPUNT_STATISTIEK):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        year = request.GET.get("year")
        year = int(year) if year and year.isdigit() else None
        cells = statistics.table(year)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            log_access(
                request.user,
                model=StatisticsRecord,
                purpose=TAALPUNT_STATISTIEK,
                action=AccessAction.EXPORT,
                count=len(cells),
            )
            name = f"taalpunt-statistiek-{year or 'alle'}.{export}"
            if export == "csv":
                response = HttpResponse(
                    statistics.to_csv(cells), content_type="text/csv; charset=utf-8"
                )
            else:
                response = HttpResponse(
                    statistics.to_xlsx(cells),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        ended = StatisticsRecord.objects.filter(period__lt=statistics.first_open_month())
        years = ended.dates("period", "year")
        return self.render_to_response(
            self.get_context_data(
                cells=cells,
                year=year,
                years=[d.year for d in years],
                headers=statistics.headers(),
            )
        )
