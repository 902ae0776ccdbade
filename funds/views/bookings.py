"""Bookings of education offers: the school's side (Mijn portaal, /mijn/scholen/...) and the
provider's side (/mijn/aanbieders/<provider>/boekingen/...).

A school's directie or culture coordinator books (acceptance commits money); a vakdocent is
sent to propose a spending request with the offer filled in. Providers see only bookings of
their own offers (404 for anything else); schools only their own.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from funds import booking_workflow, permissions
from funds.forms_bookings import (
    BookingRequestForm,
    ConfirmHeldForm,
    DeclineForm,
    ProposeDateForm,
)
from funds.models import Booking, BookingStatus
from funds.views.school_budget import SchoolMixin
from listings.models import EducationOfferPage
from listings.permissions import policy as provider_policy
from schools.models import School
from schools.permissions import policy as school_policy


def bookable_schools(user):
    """The schools this person may book for (directie, culture coordinator): a queryset."""
    memberships = school_policy.memberships_of(user).filter(
        role__in=permissions.SCHOOL_DRAFTER_ROLES
    )
    return School.objects.filter(pk__in=memberships.values("school_id")).order_by("name")


class BookOfferView(LoginRequiredMixin, TemplateView):
    """Request an education offer for one of the person's schools."""

    template_name = "funds/bookings/request_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.offer = get_object_or_404(
            EducationOfferPage.objects.live().select_related("provider"), pk=kwargs["offer_pk"]
        )
        self.schools = bookable_schools(request.user)
        if not self.schools.exists():
            member_of = school_policy.organisations_for(request.user).first()
            if member_of is None:
                raise Http404
            # A vakdocent proposes instead: the coordinator books.
            messages.info(
                request,
                _("Your school's culture coordinator books offers; propose it to them here."),
            )
            url = reverse("funds:school_spending_new", args=[member_of.pk])
            return redirect(f"{url}?aanbod={self.offer.pk}")
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return BookingRequestForm(data, schools=self.schools, offer=self.offer)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form(), offer=self.offer))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = booking_workflow.request_booking(
                    data["school"],
                    self.offer,
                    request.user,
                    date=data["date"],
                    start_time=data["start_time"],
                    groups=data["groups"],
                    pupils=data["pupils"],
                    message=data["message"],
                )
            except booking_workflow.TransitionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your booking request has been sent to the provider."))
                return redirect(booking.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, offer=self.offer))


def booking_context(booking):
    return {
        "booking": booking,
        "groups": booking.groups.all(),
        "events": booking.events.select_related("actor"),
        "cost": booking.cost(),
    }


class SchoolBookingView(SchoolMixin, TemplateView):
    template_name = "funds/bookings/school_booking.html"

    def get_context_data(self, **kwargs):
        booking = get_object_or_404(
            Booking.objects.filter(school=self.school).select_related(
                "offer__provider", "spending"
            ),
            pk=self.kwargs["pk"],
        )
        steps = booking_workflow.available(self.request.user, booking, booking_workflow.SCHOOL)
        return super().get_context_data(steps=steps, **booking_context(booking), **kwargs)


class SchoolBookingStepView(SchoolMixin, View):
    def post(self, request, school_pk, pk, step):
        booking = get_object_or_404(Booking.objects.filter(school=self.school), pk=pk)
        transition = booking_workflow.TRANSITIONS.get(step)
        if transition is None or transition.who != booking_workflow.SCHOOL:
            raise Http404
        try:
            booking_workflow.apply(booking, step, request.user)
        except booking_workflow.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Done: %(step)s.") % {"step": str(transition.label).lower()}
            )
        return redirect(booking.get_absolute_url())


class ProviderMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.provider = provider_policy.get_for_member_or_404(request.user, kwargs["provider_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_booking_or_404(self, pk):
        return get_object_or_404(
            Booking.objects.of_provider(self.provider).select_related(
                "offer", "school", "spending", "requested_by"
            ),
            pk=pk,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(provider=self.provider, **kwargs)


class ProviderBookingListView(ProviderMixin, TemplateView):
    template_name = "funds/bookings/provider_list.html"

    def get_context_data(self, **kwargs):
        bookings = (
            Booking.objects.of_provider(self.provider)
            .select_related("offer", "school", "spending")
            .order_by("date", "pk")
        )
        return super().get_context_data(
            open_bookings=[b for b in bookings if b.is_open],
            accepted=[b for b in bookings if b.status == BookingStatus.ACCEPTED],
            closed=[
                b for b in bookings if b.status in (BookingStatus.DECLINED, BookingStatus.CANCELLED)
            ],
            **kwargs,
        )


class ProviderBookingView(ProviderMixin, TemplateView):
    template_name = "funds/bookings/provider_booking.html"

    def get_context_data(self, **kwargs):
        booking = self.get_booking_or_404(self.kwargs["pk"])
        steps = booking_workflow.available(self.request.user, booking, booking_workflow.PROVIDER)
        can_confirm = (
            booking.status == BookingStatus.ACCEPTED
            and booking.spending is not None
            and booking.spending.status == "booked"
        )
        return super().get_context_data(
            steps=[s.name for s in steps],
            propose_form=kwargs.pop("propose_form", None) or ProposeDateForm(),
            decline_form=kwargs.pop("decline_form", None) or DeclineForm(),
            confirm_form=kwargs.pop("confirm_form", None) or ConfirmHeldForm(),
            can_confirm=can_confirm,
            **booking_context(booking),
            **kwargs,
        )

    def post(self, request, provider_pk, pk):
        booking = self.get_booking_or_404(pk)
        action = request.POST.get("action", "")
        forms_by_action = {
            "propose_date": ("propose_form", ProposeDateForm(request.POST)),
            "decline": ("decline_form", DeclineForm(request.POST)),
            "confirm_held": ("confirm_form", ConfirmHeldForm(request.POST, request.FILES)),
        }
        try:
            if action == "accept":
                booking_workflow.apply(booking, "accept", request.user)
                messages.success(request, _("Accepted. The school has been told."))
            elif action in forms_by_action:
                name, form = forms_by_action[action]
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(**{name: form}))
                data = form.cleaned_data
                if action == "confirm_held":
                    booking_workflow.confirm_held(
                        booking,
                        request.user,
                        data["invoice"],
                        data["invoice_number"],
                        data["payee_name"],
                        data["payee_iban"],
                    )
                    messages.success(
                        request, _("Thank you. The school submits your invoice to the fund.")
                    )
                else:
                    booking_workflow.apply(
                        booking, action, request.user, reason=data["reason"], date=data.get("date")
                    )
                    messages.success(request, _("Sent. The school has been told."))
            else:
                raise Http404
        except booking_workflow.TransitionError as error:
            if action in forms_by_action:
                name, form = forms_by_action[action]
                form.add_error(error.field if error.field in form.fields else None, error.message)
                return self.render_to_response(self.get_context_data(**{name: form}))
            messages.error(request, error.message)
        return redirect(booking.get_provider_url())
