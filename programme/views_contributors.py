"""The contributors' pages (/mijn/programma/).

For the contributor (their own contributions only: another's answers 404, whatever id is tried):
their list, one contribution with the form of what the organisation needs, accepting the
agreement, and the agreement, photo and invoice as files.

For programme staff (programme.contributors.is_programme_staff, 403 for anyone else): the list
of contributions by stage, the planning per week and branch, an activity's contributors with the
invitation form, one contribution with its steps (agreement, performed, fee, cancel). Every look
at contributors' data is written to the access log. The IBAN is shown masked everywhere; only
the payments module's bank file holds it in full.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from portal.storage import private_download
from privacy.access import forbidden, log_access
from privacy.fields import mask_iban
from privacy.models import AccessAction
from privacy.purposes import PROGRAMMA_BIJDRAGERS
from programme import contributors
from programme.forms_contributors import (
    ContributionDetailsForm,
    InviteForm,
    PlanningFilterForm,
    ReasonForm,
)
from programme.models import (
    Contribution,
    ContributionStatus,
    ProgrammeActivityPage,
)

PAGE_SIZE = 50
NO_STORE = "private, no-store"


def _no_store(response):
    response["Cache-Control"] = NO_STORE
    return response


# --- the contributor ---------------------------------------------------------------------------
class ContributorMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return _no_store(super().dispatch(request, *args, **kwargs))

    def get_contribution(self):
        return get_object_or_404(
            contributors.contributions_of(self.request.user).select_related("activity"),
            pk=self.kwargs["pk"],
        )


class MyContributionsView(ContributorMixin, TemplateView):
    template_name = "programme/contributors/mine.html"

    def get_context_data(self, **kwargs):
        rows = (
            contributors.contributions_of(self.request.user)
            .select_related("activity")
            .only("pk", "name", "role", "status", "activity__title", "activity__first_date")
            .order_by("-activity__first_date", "-pk")
        )
        return super().get_context_data(contributions=rows, **kwargs)


class MyContributionView(ContributorMixin, TemplateView):
    """One contribution: what is planned, the form of what we need, the agreement."""

    template_name = "programme/contributors/mine_detail.html"

    def get_context_data(self, form=None, **kwargs):
        contribution = self.contribution
        return super().get_context_data(
            contribution=contribution,
            activity=contribution.activity,
            sessions=contribution.activity.sessions.select_related("room__branch"),
            form=form or ContributionDetailsForm(instance=contribution),
            masked_iban=mask_iban(contribution.iban) if contribution.iban else "",
            missing=contribution.missing_details(),
            can_accept=contribution.status == ContributionStatus.AGREEMENT_SENT,
            **kwargs,
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.contribution = self.get_contribution()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ContributionDetailsForm(request.POST, request.FILES, instance=self.contribution)
        if not form.is_valid():
            messages.error(request, _("Not saved: check the fields marked in red."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        contribution = form.save()
        if contributors.details_saved(contribution, request.user):
            messages.success(
                request, _("Thank you: your details are complete. We will send you the agreement.")
            )
        else:
            messages.success(request, _("Your details have been saved."))
        return HttpResponseRedirect(contribution.get_absolute_url())


class AcceptAgreementView(ContributorMixin, View):
    def post(self, request, pk):
        contribution = self.get_contribution()
        try:
            contributors.apply(contribution, "accept_agreement", request.user)
        except contributors.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have accepted the agreement. Thank you!"))
        return HttpResponseRedirect(contribution.get_absolute_url())


# --- files: the contributor's own, or programme staff ----------------------------------------
class ContributionFileView(LoginRequiredMixin, View):
    """The agreement (as sent; for staff before it is sent: a preview), photo or invoice."""

    kind = "agreement"

    def get(self, request, pk):
        contribution = get_object_or_404(Contribution.objects.select_related("activity"), pk=pk)
        is_staff = contributors.is_programme_staff(request.user)
        if contribution.contributor_id != request.user.pk and not is_staff:
            raise Http404  # not "forbidden": whether it exists is none of their business
        if is_staff and contribution.contributor_id != request.user.pk:
            log_access(
                request.user,
                model=Contribution,
                purpose=PROGRAMMA_BIJDRAGERS,
                action=AccessAction.EXPORT,
                object_id=contribution.pk,
            )
        number = contributors.agreement_number(contribution)
        if self.kind == "agreement":
            if contribution.agreement:
                return private_download(contribution.agreement, f"overeenkomst-{number}.pdf")
            if not is_staff:
                raise Http404
            pdf = contributors.agreement_pdf(contribution, request.user)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="concept-{number}.pdf"'
            return _no_store(response)
        field = getattr(contribution, self.kind)
        if not field:
            raise Http404
        if self.kind == "invoice":
            return private_download(field, f"factuur-{number}.pdf")
        return private_download(field, f"foto-{number}", content_type="image/*")


class PublicPhotoView(View):
    """The photo of a contributor whose content staff approved, on a live activity's page; by
    an opaque id, so the address says nothing about the person."""

    def get(self, request, public_id):
        contribution = get_object_or_404(
            Contribution.objects.publicly_shown().filter(activity__live=True),
            public_id=public_id,
        )
        if not contribution.photo:
            raise Http404
        response = private_download(contribution.photo, "foto", content_type="image/*")
        response["Cache-Control"] = "public, max-age=3600"
        return response


# --- programme staff ---------------------------------------------------------------------------
class StaffMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not contributors.is_programme_staff(request.user):
            return forbidden(request)
        return _no_store(super().dispatch(request, *args, **kwargs))

    def log(self, count=1, object_id="", action=AccessAction.VIEW):
        log_access(
            self.request.user,
            model=Contribution,
            purpose=PROGRAMMA_BIJDRAGERS,
            action=action,
            object_id=object_id,
            count=count,
        )


class StaffListView(StaffMixin, TemplateView):
    """All contributions, by stage: what is waiting for staff (send the agreement, mark as
    performed, approve the fee)."""

    template_name = "programme/contributors/staff_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status") or ""
        if status not in ContributionStatus.values:
            status = ""
        page = Paginator(contributors.staff_list(status), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        self.log(count=len(page.object_list))
        return super().get_context_data(
            page_obj=page,
            status=status,
            statuses=ContributionStatus.choices,
            **kwargs,
        )


class PlanningView(StaffMixin, TemplateView):
    """The week's sessions by day and room, with their contributors, technical and room needs
    and arrival times (?week=2026-W48&branch=<id>; works without JavaScript)."""

    template_name = "programme/contributors/planning.html"

    def get_context_data(self, **kwargs):
        form = PlanningFilterForm(self.request.GET or None)
        branch = None
        if form.is_bound and form.is_valid():
            branch = form.cleaned_data["branch"]
        monday = contributors.parse_week(self.request.GET.get("week"))
        days = contributors.planning(monday, branch)
        shown = sum(
            len(session.activity.planned_contributions)
            for day in days
            for _room, sessions in day.rooms
            for session in sessions
        )
        self.log(count=shown)
        week = contributors.iso_week(monday)
        if not form.is_bound:
            form = PlanningFilterForm(initial={"week": week})
        branch_query = f"&branch={branch.pk}" if branch else ""
        return super().get_context_data(
            form=form,
            days=days,
            monday=monday,
            week=week,
            branch=branch,
            previous_url=f"?week={contributors.iso_week(monday - timedelta(days=7))}{branch_query}",
            next_url=f"?week={contributors.iso_week(monday + timedelta(days=7))}{branch_query}",
            **kwargs,
        )


class ActivityContributorsView(StaffMixin, TemplateView):
    """An activity's contributors and their stage, and the form to invite one more."""

    template_name = "programme/contributors/activity.html"

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(ProgrammeActivityPage, pk=kwargs["activity_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        rows = list(
            self.activity.contributions.only(
                "pk", "name", "role", "status", "fee", "vat_status", "vat_rate", "activity_id"
            ).order_by("pk")
        )
        self.log(count=len(rows))
        return super().get_context_data(
            activity=self.activity,
            sessions=self.activity.sessions.select_related("room__branch"),
            contributions=rows,
            costs=contributors.costs_by_activity([self.activity.pk]).get(self.activity.pk),
            form=form or InviteForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        contribution = contributors.invite(
            self.activity,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            fee=form.cleaned_data["fee"],
            invited_by=request.user,
        )
        self.log(object_id=contribution.pk, action=AccessAction.CHANGE)
        messages.success(request, _("The invitation has been sent."))
        return HttpResponseRedirect(contribution.get_staff_url())


class StaffContributionView(StaffMixin, TemplateView):
    template_name = "programme/contributors/staff_detail.html"

    def get_contribution(self):
        return get_object_or_404(
            Contribution.objects.select_related("activity", "contributor", "payment"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, reason_form=None, **kwargs):
        contribution = self.get_contribution()
        self.log(object_id=contribution.pk)
        return super().get_context_data(
            contribution=contribution,
            activity=contribution.activity,
            sessions=contribution.activity.sessions.select_related("room__branch"),
            masked_iban=mask_iban(contribution.iban) if contribution.iban else "",
            invitation=contributors.pending_invitation(contribution),
            transitions=contributors.available(self.request.user, contribution),
            events=contribution.events.select_related("actor")[:100],
            missing=contribution.missing_details(),
            reason_form=reason_form or ReasonForm(),
            **kwargs,
        )


STEPS = {
    "send_agreement": (
        contributors.send_agreement,
        gettext_lazy("The agreement has been sent."),
    ),
    "mark_performed": (
        lambda c, user: contributors.apply(c, "mark_performed", user),
        gettext_lazy("Marked as performed."),
    ),
    "approve_fee": (
        contributors.approve_fee,
        gettext_lazy("The fee has been approved and is waiting in the payments for a batch."),
    ),
}


class StaffStepView(StaffContributionView):
    """POST: take one step (send_agreement, mark_performed, approve_fee, cancel)."""

    def post(self, request, pk, step):
        contribution = self.get_contribution()
        reason_form = None
        try:
            if step == "cancel":
                reason_form = ReasonForm(request.POST)
                if not reason_form.is_valid():
                    raise contributors.TransitionError(
                        _("Say why, so the contributor knows."), field="reason"
                    )
                contributors.cancel(contribution, request.user, reason_form.cleaned_data["reason"])
                message = _("The contribution has been cancelled.")
            elif step in STEPS:
                work, message = STEPS[step]
                work(contribution, request.user)
            else:
                raise Http404
        except contributors.TransitionError as error:
            if reason_form is not None:
                reason_form.add_error(None, error.message)
                return self.render_to_response(
                    self.get_context_data(reason_form=reason_form), status=400
                )
            messages.error(request, error.message)
            return HttpResponseRedirect(contribution.get_staff_url())
        self.log(object_id=contribution.pk, action=AccessAction.CHANGE)
        messages.success(request, str(message))
        return HttpResponseRedirect(contribution.get_staff_url())


class StaffActionView(StaffContributionView):
    """POST: approve the content for the programme (or withdraw it), remind the contributor,
    or send the invitation again."""

    def post(self, request, pk, action):
        contribution = self.get_contribution()
        if action == "approve_content":
            contributors.approve_content(contribution, request.user, approve=True)
            messages.success(request, _("The text and photo are shown on the activity's page."))
        elif action == "withdraw_content":
            contributors.approve_content(contribution, request.user, approve=False)
            messages.success(request, _("The text and photo are no longer shown."))
        elif action == "remind":
            if contributors.send_reminder(contribution):
                messages.success(request, _("A reminder has been sent."))
            else:
                messages.error(request, _("There is nobody to remind."))
        elif action == "reinvite":
            invitation = contributors.pending_invitation(contribution) or (
                contribution.invitations.order_by("-created_at").first()
            )
            if contribution.contributor_id or invitation is None or contribution.is_cancelled:
                messages.error(request, _("The invitation can no longer be sent again."))
            else:
                contributors.send_invitation(contribution, invitation.email, request.user)
                messages.success(request, _("The invitation has been sent again."))
        else:
            raise Http404
        self.log(object_id=contribution.pk, action=AccessAction.CHANGE)
        return HttpResponseRedirect(reverse("contributors:staff_detail", args=[contribution.pk]))
