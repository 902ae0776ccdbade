"""Emails about bookings of education offers, after the step is committed.

- requested: to the provider's members;
- accepted, other date proposed, declined: to the person who requested it;
- the school accepted the proposed date, or cancelled: to the provider's members;
- the provider confirmed the activity and added the invoice: to the person who requested it.
"""

from django.conf import settings

from funds.models import Booking
from listings.models import ProviderMembership
from portal.emails import send_templated_email

TO_SCHOOL = {"accept", "propose_date", "decline", "confirm_held"}
TO_PROVIDER = {"request", "accept_date", "cancel"}


def provider_addresses(booking: Booking) -> list[str]:
    return sorted(
        set(
            ProviderMembership.objects.filter(
                provider_id=booking.offer.provider_id, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def notify(booking_id: int, step: str) -> None:
    booking = (
        Booking.objects.select_related("school", "offer", "requested_by")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return
    if step in TO_SCHOOL:
        user = booking.requested_by
        to = [user.email] if user is not None and user.is_active and user.email else []
        url = booking.get_absolute_url()
    elif step in TO_PROVIDER:
        to = provider_addresses(booking)
        url = booking.get_provider_url()
    else:
        return
    context = {
        "booking": booking,
        "step": step,
        "url": url,
        "portal_url": settings.WAGTAILADMIN_BASE_URL,
    }
    for address in to:
        send_templated_email("funds_booking", context, to=[address])
