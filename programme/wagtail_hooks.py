"""Where people find the programme's sign-ups: the sign-up block on an activity's page (through
the listings' offer-actions hook), a section in Mijn portaal and a menu item in the admin for the
programme staff."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from programme.permissions import may_manage_signups


@hooks.register("listings_offer_actions")
def signup_block(request, offer):
    """On an activity's page: sign up (per session or for the course), the waiting list when
    full, or enter the contest."""
    from programme import signups
    from programme.models import ProgrammeActivityPage
    from programme.views.public import open_sessions, session_rows

    if not getattr(offer, "is_own_programme", False):
        return ""
    activity = offer if isinstance(offer, ProgrammeActivityPage) else None
    if activity is None:
        activity = ProgrammeActivityPage.objects.filter(pk=offer.pk).first()
    if activity is None:
        return ""
    sessions = open_sessions(activity)
    context = {
        "activity": activity,
        "is_contest": activity.leisure_kind == "contest",
        "contest_open": signups.contest_is_open(activity),
        "winners_announced": signups.winners_announced(activity),
        "sessions": session_rows(activity, sessions) if activity.signup_scope == "session" else [],
        "left": signups.places_left(activity) if activity.signup_scope == "activity" else None,
        "open": bool(sessions) and not activity.has_ended,
        "destroyed_on": signups.destroyed_on(activity.ends_at),
    }
    return render_to_string("programme/_signup_block.html", context, request=request)


@hooks.register("portal_dashboard_sections")
def programme_section(request):
    if not may_manage_signups(request.user):
        return None
    return {"order": 45, "template": "programme/dashboard_section.html"}


class ProgrammeMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_signups(request.user)


@hooks.register("register_admin_menu_item")
def programme_menu_item():
    return ProgrammeMenuItem(
        _("Programme sign-ups"),
        reverse("programme:staff_activities"),
        name="programme-signups",
        icon_name="date",
        order=262,
    )
