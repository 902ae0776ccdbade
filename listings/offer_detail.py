"""The public page of one offer: its context, schema.org JSON-LD and the iCalendar download.

Only what the provider chose to publish leaves here: the offer's own public contact
(contact_email/phone) and the provider's public profile fields, never its members.
"""

import json
from datetime import timedelta

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from icalendar import Calendar, Event

MORE_FROM_PROVIDER = 4


def public_offers(provider, today=None):
    """The provider's offers a visitor can find: live, not past their last date."""
    from listings.models import OfferPage

    today = today or timezone.localdate()
    return (
        OfferPage.objects.live()
        .filter(provider=provider)
        .filter(Q(last_date__isnull=True) | Q(last_date__gte=today))
        .order_by("first_date", "title")
    )


def upcoming_dates(offer, now=None):
    now = now or timezone.now()
    return [d for d in offer.dates.all() if (d.end or d.start) >= now]


def offer_context(offer, request) -> dict:
    locations = list(offer.locations.all())
    dates = list(offer.dates.all())
    now = timezone.now()
    upcoming = [d for d in dates if (d.end or d.start) >= now]
    more = list(public_offers(offer.provider).exclude(pk=offer.pk)[:MORE_FROM_PROVIDER])
    context = {
        "offer": offer,
        "provider": offer.provider,
        "locations": locations,
        "dates": upcoming,
        "disciplines": list(offer.disciplines.all()),
        "more_from_provider": more,
        "has_calendar": bool(upcoming),
        "json_ld": json_ld_script(structured_data(offer, request, locations, upcoming)),
    }
    if hasattr(offer, "school_groups"):
        context["school_groups"] = list(offer.school_groups.all())
    return context


# --- schema.org ------------------------------------------------------------------------------
COURSE_KINDS = {"course", "lessons"}


def is_course(offer) -> bool:
    return offer.specific_kind == "education" or getattr(offer, "leisure_kind", "") in COURSE_KINDS


def _place(location) -> dict:
    place = {
        "@type": "Place",
        "name": location.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street_address,
            "postalCode": location.postcode,
            "addressLocality": location.city,
            "addressCountry": "NL",
        },
    }
    if location.latitude is not None and location.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    return place


def _offers(offer, url) -> dict:
    price = "0" if offer.price_kind == "free" or offer.price_from is None else offer.price_from
    data = {"@type": "Offer", "price": str(price), "priceCurrency": "EUR", "url": url}
    if offer.booking_url:
        data["url"] = offer.booking_url
    return data


def structured_data(offer, request, locations, dates) -> dict | None:
    """Course for courses, lessons and education offers; Event for other dated offers."""
    url = offer.get_full_url(request)
    provider = offer.provider
    organisation = {"@type": "Organization", "name": provider.name}
    if provider.website:
        organisation["url"] = provider.website
    common = {
        "@context": "https://schema.org",
        "name": offer.title,
        "description": offer.summary,
        "url": url,
    }
    if offer.image_id and offer.image:
        common["image"] = request.build_absolute_uri(offer.image.file.url)
    if is_course(offer):
        instances = [
            {
                "@type": "CourseInstance",
                "courseMode": "onsite",
                "startDate": d.start.isoformat(),
                **({"endDate": d.end.isoformat()} if d.end else {}),
                **({"location": _place(locations[0])} if locations else {}),
            }
            for d in dates
        ] or [
            {
                "@type": "CourseInstance",
                "courseMode": "onsite",
                **(
                    {"courseSchedule": {"@type": "Schedule", "description": offer.schedule_text}}
                    if offer.schedule_text
                    else {}
                ),
                **({"location": _place(locations[0])} if locations else {}),
            }
        ]
        return {
            **common,
            "@type": "Course",
            "provider": organisation,
            "hasCourseInstance": instances,
            "offers": _offers(offer, url),
        }
    if dates:
        first, last = dates[0], dates[-1]
        return {
            **common,
            "@type": "Event",
            "startDate": first.start.isoformat(),
            "endDate": (last.end or last.start).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": [_place(location) for location in locations],
            "organizer": organisation,
            "offers": _offers(offer, url),
        }
    return None


def json_ld_script(data) -> str:
    """A <script type="application/ld+json"> element; '<', '>' and '&' are escaped inside the
    JSON strings, so no text of the offer can close the element."""
    if data is None:
        return ""
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


# --- iCalendar -------------------------------------------------------------------------------
def calendar_response(offer, request) -> HttpResponse:
    """The offer's coming dates as an .ics file (404 for offers without dates)."""
    from django.http import Http404

    dates = upcoming_dates(offer)
    if not dates:
        raise Http404
    url = offer.get_full_url(request)
    location = offer.locations.first()
    calendar = Calendar()
    calendar.add("prodid", "-//Cultuurportaal//aanbod//NL")
    calendar.add("version", "2.0")
    stamp = timezone.now()
    host = request.get_host().split(":")[0]
    for date in dates:
        event = Event()
        event.add("uid", f"offer-{offer.pk}-date-{date.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", date.start)
        event.add("dtend", date.end or date.start + timedelta(hours=1))
        event.add("summary", offer.title)
        event.add("description", f"{strip_tags(offer.summary)}\n\n{url}")
        event.add("url", url)
        if location is not None:
            event.add(
                "location",
                f"{location.name}, {location.street_address}, {location.postcode} {location.city}",
            )
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{offer.slug}.ics"'
    return response
