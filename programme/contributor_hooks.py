"""Where contributors and programme staff find the contributors' pages: Mijn portaal, the admin's
menu, an activity's page; and what the programme does when the bank paid a fee.

Registered when the app is ready (ProgrammeConfig.ready), so that they load with the app.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from programme import contributors
from programme.models import Contribution, ProgrammeActivityPage


def my_contributions(request):
    """Mijn portaal: the person's own contributions ("Mijn optredens en activiteiten"), and
    for programme staff the way to the planning."""
    rows = list(
        contributors.contributions_of(request.user)
        .select_related("activity")
        .only("pk", "name", "role", "status", "activity__title", "activity__first_date")
        .order_by("-activity__first_date", "-pk")[:50]
    )
    is_staff = contributors.is_programme_staff(request.user)
    if not rows and not is_staff:
        return None
    return {
        "order": 40,
        "template": "programme/contributors/dashboard_section.html",
        "contributions": rows,
        "is_programme_staff": is_staff,
    }


class PlanningMenuItem(MenuItem):
    def is_shown(self, request):
        return contributors.is_programme_staff(request.user)


def planning_menu_item():
    return PlanningMenuItem(
        _("Programme planning"),
        reverse("contributors:planning"),
        name="programme-planning",
        icon_name="date",
        order=270,
    )


def activity_contributors(request, offer):
    """On an activity's page: the contributors whose text staff approved, and for programme
    staff the way to its contributors."""
    if not isinstance(offer, ProgrammeActivityPage):
        return ""
    shown = list(
        Contribution.objects.publicly_shown()
        .filter(activity_id=offer.pk)
        .only("public_id", "name", "role", "about", "photo")
    )
    user = getattr(request, "user", None)
    is_staff = bool(user) and contributors.is_programme_staff(user)
    if not shown and not is_staff:
        return ""
    return render_to_string(
        "programme/contributors/_offer_section.html",
        {"contributions": shown, "offer": offer, "is_programme_staff": is_staff},
        request=request,
    )


def connect():
    from payments.models import Payment
    from payments.signals import payment_paid

    hooks.register("portal_dashboard_sections", my_contributions)
    hooks.register("register_admin_menu_item", planning_menu_item)
    hooks.register("listings_offer_actions", activity_contributors)
    payment_paid.connect(
        contributors.on_payment_paid, sender=Payment, dispatch_uid="programme.contributor_paid"
    )
