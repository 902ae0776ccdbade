"""Visitors, without an account: signing up for an activity, the sign-up's own page (reached by
the random token in the email, where it can be cancelled), and entering a prize contest."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from listings.models import LeisureKind
from privacy.models import Purpose
from privacy.purposes import PROGRAMMA_DEELNEMERS
from programme import signups
from programme.forms import ContestEntryForm, SignupForm
from programme.models import ProgrammeActivityPage, SignUp, SignupScope


class NoStoreMixin:
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


def base_url(request):
    return request.build_absolute_uri("/")


def purposes():
    return list(Purpose.objects.filter(code=PROGRAMMA_DEELNEMERS))


def open_sessions(activity):
    return [
        session
        for session in activity.sessions.select_related("room").order_by("start")
        if session.start > timezone.now()
    ]


def session_rows(activity, sessions):
    """Each open session with its places left (one query per activity, not per session)."""
    from django.db.models import Sum

    taken = dict(
        SignUp.objects.filter(activity=activity)
        .confirmed()
        .values_list("session")
        .annotate(total=Sum("places"))
        .values_list("session", "total")
    )
    rows = []
    for session in sessions:
        capacity = signups.capacity_of(activity, session)
        left = None if capacity is None else max(capacity - taken.get(session.pk, 0), 0)
        rows.append({"session": session, "left": left})
    return rows


class SignupFormView(NoStoreMixin, View):
    template_name = "programme/signup_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.activity = get_object_or_404(
            ProgrammeActivityPage.objects.live().exclude(signup_scope=SignupScope.NONE),
            pk=kwargs["pk"],
        )
        self.sessions = open_sessions(self.activity)

    def form(self, data=None):
        initial = {}
        if self.request.GET.get("sessie", "").isdigit():
            initial["session"] = int(self.request.GET["sessie"])
        return SignupForm(data, activity=self.activity, sessions=self.sessions, initial=initial)

    def render(self, form, status=200):
        activity = self.activity
        closed = activity.has_ended or not self.sessions
        if activity.signup_scope == SignupScope.ACTIVITY:
            left = signups.places_left(activity)
            rows = []
            ends_at = activity.ends_at
        else:
            left = None
            rows = session_rows(activity, self.sessions)
            ends_at = max((s.end for s in self.sessions), default=activity.ends_at)
        return render(
            self.request,
            self.template_name,
            {
                "activity": activity,
                "form": form,
                "closed": closed,
                "left": left,
                "session_rows": rows,
                "purposes": purposes(),
                "destroyed_on": signups.destroyed_on(ends_at),
                "per_session": activity.signup_scope == SignupScope.SESSION,
                "price": signups.price_of(activity),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render(self.form())

    def post(self, request, pk):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            outcome = signups.sign_up(
                self.activity,
                data.get("session"),
                name=data["name"],
                email=data["email"],
                places=data["places"],
                child_first_name=data.get("child_first_name", ""),
                child_age_group=data.get("child_age_group", ""),
                waiting_list_ok=data.get("waiting_list_ok", False),
                language=(get_language() or "nl")[:2],
                base_url=base_url(request),
            )
        except signups.SignupError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render(form)
        if outcome.signup.is_waiting:
            messages.info(
                request,
                _(
                    "You are on the waiting list. We have emailed you; if a place comes free, "
                    "we email you again."
                ),
            )
        else:
            messages.success(request, _("You are signed up. We have emailed you a confirmation."))
        return HttpResponseRedirect(reverse("programme:signup", args=[outcome.signup.token]))


class SignupView(NoStoreMixin, View):
    """The sign-up's page by its link: GET shows it (mail scanners follow links), POST cancels."""

    template_name = "programme/signup.html"

    def signup(self, token):
        return (
            SignUp.objects.select_related("activity", "session", "session__room")
            .filter(token=token)
            .first()
        )

    def context(self, signup):
        activity = signup.activity
        waiting_ahead = 0
        if signup.is_waiting:
            waiting_ahead = (
                SignUp.objects.for_unit(activity, signup.session)
                .waiting()
                .filter(created_at__lt=signup.created_at)
                .count()
            )
        return {
            "signup": signup,
            "activity": activity,
            "sessions": [signup.session]
            if signup.session_id
            else list(activity.sessions.select_related("room").order_by("start")),
            "waiting_ahead": waiting_ahead,
            "destroyed_on": signups.destroyed_on(signups.signup_ends_at(signup)),
            "has_ended": (signups.signup_ends_at(signup) or timezone.now()) <= timezone.now(),
        }

    def get(self, request, token):
        signup = self.signup(token)
        if signup is None:
            return render(request, "programme/invalid_link.html", status=404)
        return render(request, self.template_name, self.context(signup))

    def post(self, request, token):
        signup = self.signup(token)
        if signup is None:
            return render(request, "programme/invalid_link.html", status=404)
        if not signup.is_cancelled and signups.signup_ends_at(signup) > timezone.now():
            signups.cancel(signup, base_url=base_url(request))
            messages.success(
                request, _("Your sign-up is cancelled. Thank you for letting us know.")
            )
        return HttpResponseRedirect(request.path)


class ContestEntryView(NoStoreMixin, View):
    template_name = "programme/contest_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.activity = get_object_or_404(
            ProgrammeActivityPage.objects.live().filter(leisure_kind=LeisureKind.CONTEST),
            pk=kwargs["pk"],
        )

    def render(self, form, entered=False):
        activity = self.activity
        return render(
            self.request,
            self.template_name,
            {
                "activity": activity,
                "form": form,
                "entered": entered,
                "open": signups.contest_is_open(activity),
                "winners_announced": signups.winners_announced(activity),
                "purposes": purposes(),
                "destroyed_on": signups.destroyed_on(activity.ends_at),
            },
        )

    def get(self, request, pk):
        return self.render(ContestEntryForm())

    def post(self, request, pk):
        form = ContestEntryForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            signups.enter_contest(
                self.activity,
                language=(get_language() or "nl")[:2],
                **form.cleaned_data,
            )
        except signups.SignupError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render(form)
        return self.render(None, entered=True)
