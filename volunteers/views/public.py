"""Registering (no account), confirming by email, and a participant's own page."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from privacy.models import Purpose
from privacy.purposes import TAALPUNT_STATISTIEK
from volunteers import registration, workflow
from volunteers.forms import ReadingVolunteerForm, TaalpuntParticipantForm, TaalpuntVolunteerForm
from volunteers.models import Enrolment, EventKind, Role, Status
from volunteers.programmes import PROGRAMMES, TAALPUNT, VOORLEESEXPRESS


def base_url(request):
    return request.build_absolute_uri("/")


class NoStoreMixin:
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class RegisterView(NoStoreMixin, FormView):
    template_name = "volunteers/register.html"
    programme_code = None
    heading = ""
    intro = ""
    statistics = False

    def get_context_data(self, **kwargs):
        programme = PROGRAMMES[self.programme_code]
        codes = [programme.purpose] + ([TAALPUNT_STATISTIEK] if self.statistics else [])
        purposes = sorted(Purpose.objects.filter(code__in=codes), key=lambda p: codes.index(p.code))
        return super().get_context_data(
            programme=programme,
            heading=self.heading,
            intro=self.intro,
            purposes=purposes,
            confirm_days=registration.CONFIRM_DAYS,
            **kwargs,
        )

    def form_valid(self, form):
        person = form.save(commit=False)
        person.language = (get_language() or "nl")[:2]
        person.status = Status.UNCONFIRMED
        person.save()
        registration.send_confirmation(person, base_url(self.request))
        return HttpResponseRedirect(
            reverse("volunteers:registered", kwargs={"programme": self.programme_code})
        )


class ReadingVolunteerRegisterView(RegisterView):
    form_class = ReadingVolunteerForm
    programme_code = VOORLEESEXPRESS

    @property
    def heading(self):
        return _("Become a VoorleesExpress volunteer")

    @property
    def intro(self):
        return _(
            "As a VoorleesExpress volunteer you read aloud at a family's home, once a week for "
            "20 weeks, to children of 2 to 8 years. You need a VOG (certificate of conduct); we "
            "request it for you, free of charge."
        )


class TaalpuntParticipantRegisterView(RegisterView):
    form_class = TaalpuntParticipantForm
    programme_code = TAALPUNT
    statistics = True

    @property
    def heading(self):
        return _("Take part in the Taalpunt")

    @property
    def intro(self):
        return _(
            "At the Taalpunt you practise Dutch, reading, writing and computer skills, for free, "
            "with others and with our volunteers."
        )


class TaalpuntVolunteerRegisterView(RegisterView):
    form_class = TaalpuntVolunteerForm
    programme_code = TAALPUNT

    @property
    def heading(self):
        return _("Become a Taalpunt volunteer")

    @property
    def intro(self):
        return _(
            "As a taalvrijwilliger you help participants practise Dutch in the taalcafé, a "
            "practice group or with digital skills."
        )


class TaalpuntStartView(TemplateView):
    template_name = "volunteers/taalpunt_start.html"


class RegisteredView(TemplateView):
    template_name = "volunteers/registered.html"

    def get_context_data(self, **kwargs):
        kwargs["confirm_days"] = registration.CONFIRM_DAYS
        return super().get_context_data(**kwargs)


class ConfirmView(NoStoreMixin, View):
    """GET shows a button (mail scanners follow links), POST confirms."""

    def person(self, programme, token):
        try:
            person = registration.read_token(
                token, registration.CONFIRM_SALT, max_age=registration.CONFIRM_MAX_AGE
            )
        except registration.InvalidLink:
            return None
        return person if person.programme == programme.code else None

    def get(self, request, programme, token):
        person = self.person(programme, token)
        if person is None:
            return render(request, "volunteers/invalid_link.html", status=404)
        return render(
            request,
            "volunteers/confirm.html",
            {"programme": programme, "person": person, "done": person.status != Status.UNCONFIRMED},
        )

    def post(self, request, programme, token):
        person = self.person(programme, token)
        if person is None:
            return render(request, "volunteers/invalid_link.html", status=404)
        if person.status == Status.UNCONFIRMED:
            person = workflow.apply(person, "confirm")
            registration.send_welcome(person, base_url(request))
        own_page = ""
        if person.programme == TAALPUNT and person.role == Role.PARTICIPANT:
            own_page = registration.own_page_url(person, "")
        return render(
            request,
            "volunteers/confirmed.html",
            {"programme": programme, "person": person, "own_page_url": own_page},
        )


class OwnPageView(NoStoreMixin, View):
    """A Taalpunt participant's own page, by the signed link in their email: their activities,
    signing off from one, or from the Taalpunt altogether."""

    def person(self, token):
        try:
            person = registration.read_token(token, registration.OWN_PAGE_SALT)
        except registration.InvalidLink as error:
            raise Http404 from error
        if (
            person.programme != TAALPUNT
            or person.role != Role.PARTICIPANT
            or person.status == Status.UNCONFIRMED
        ):
            raise Http404
        return person

    def get(self, request, token):
        person = self.person(token)
        enrolments = (
            Enrolment.objects.current()
            .filter(person=person)
            .select_related("activity")
            .prefetch_related("activity__sessions")
        )
        return render(
            request,
            "volunteers/own_page.html",
            {"person": person, "enrolments": enrolments, "now": timezone.now()},
        )

    def post(self, request, token):
        person = self.person(token)
        if "enrolment" in request.POST:
            enrolment = get_object_or_404(
                Enrolment.objects.current(), pk=request.POST.get("enrolment"), person=person
            )
            enrolment.signed_off_at = timezone.now()
            enrolment.save(update_fields=["signed_off_at"])
            PROGRAMMES[TAALPUNT].event_model.objects.create(
                person=person, kind=EventKind.SIGN_OFF, text=enrolment.activity.title
            )
            messages.success(request, _("You are signed off from this activity."))
        elif request.POST.get("stop") and person.status != Status.STOPPED:
            try:
                workflow.apply(person, "sign_off")
            except workflow.TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("You are signed off from the Taalpunt. Thank you for taking part!")
                )
        return HttpResponseRedirect(request.path)
