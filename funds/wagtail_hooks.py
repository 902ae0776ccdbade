from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from funds import permissions
from funds.education_admin import FondsCultuureducatieGroup
from funds.models import Application, ReviewAssignment


@hooks.register("portal_dashboard_sections")
def my_applications(request):
    """Mijn portaal: the person's applications, the number of applications they review, and for
    fund managers the way to the overview. Only the columns shown are read (not the project
    plan, the answers or the bank account)."""
    applications = (
        Application.objects.of_applicant(request.user)
        .select_related("round")
        .only("pk", "number", "status", "project_title", "updated_at", "round__title")
        .order_by("-updated_at")
    )
    return {
        "order": 30,
        "template": "funds/dashboard_section.html",
        "applications": applications,
        "assignment_count": ReviewAssignment.objects.of_reviewer(request.user).count(),
        "is_fund_manager": permissions.is_fund_manager(request.user),
        "is_education_fund_manager": permissions.is_education_fund_manager(request.user),
    }


class FundManagementMenuItem(MenuItem):
    """A link from the admin to the fund managers' overview (a page outside the admin)."""

    def is_shown(self, request):
        return permissions.is_fund_manager(request.user)


@hooks.register("register_admin_menu_item")
def fund_management_menu_item():
    return FundManagementMenuItem(
        _("Fund management"),
        reverse("funds:staff_overview"),
        name="fund-management",
        icon_name="tasks",
        order=250,
    )


@hooks.register("register_admin_viewset")
def register_education_viewsets():
    return FondsCultuureducatieGroup()


@hooks.register("listings_offer_actions")
def book_on_school_budget(request, offer):
    """On an education offer's page: book it on a school budget (school members), or log in."""
    from django.template.loader import render_to_string

    from listings.models import EducationOfferPage
    from schools.permissions import policy as school_policy

    if not isinstance(offer, EducationOfferPage):
        return ""
    user = getattr(request, "user", None)
    is_member = bool(user and user.is_authenticated and school_policy.memberships_of(user).exists())
    return render_to_string(
        "funds/bookings/_offer_button.html",
        {"offer": offer, "is_member": is_member, "request": request},
    )


@hooks.register("listings_provider_sections")
def provider_bookings(request, provider):
    """On a provider's page in Mijn portaal: the schools' bookings of its education offers."""
    from django.template.loader import render_to_string

    from funds.models import Booking

    bookings = Booking.objects.of_provider(provider)
    if not bookings.exists():
        return ""
    return render_to_string(
        "funds/bookings/_provider_section.html",
        {"provider": provider, "open_count": bookings.filter(status="requested").count()},
        request=request,
    )
