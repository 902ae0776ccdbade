"""Open data: a read-only JSON list of the published offers, for a city agenda to reuse.

    GET /api/aanbod/                       every published offer that is not past, by id
    GET /api/aanbod/?kind=leisure          only Kunst- & Cultuurwijzer offers (or education)
    GET /api/aanbod/?updated_since=2026-01-01T00:00:00Z
                                           only offers (re)published at or after that moment
    GET /api/aanbod/?page=2                100 offers a page; `next`/`previous` are full links

Answer: {"count", "next", "previous", "results": [offer, ...]}; each offer holds what its public
page shows (title, texts, disciplines, audience, dates, locations, price, accessibility,
booking link, the contact the provider chose to publish, the provider's name and profile
link) and nothing more: no members, no internal state.

A small endpoint rather than Wagtail's API v2: v2 would need every field whitelisted per page
type and still has no "past the last date" or "updated since" filter, and its page listing
answers with Wagtail's own shape (meta, detail_url) that a city agenda has no use for. Here
the fields are one explicit function (easy to check for privacy) and the queries a fixed
handful per page.
"""

from datetime import datetime, time

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from listings.models import OfferKind, OfferPage

PAGE_SIZE = 100


def published_offers(kind=None, updated_since=None, today=None):
    today = today or timezone.localdate()
    offers = (
        OfferPage.objects.live()
        .filter(Q(last_date__isnull=True) | Q(last_date__gte=today))
        .select_related("provider", "leisureofferpage", "educationofferpage")
        .prefetch_related("dates", "locations", "disciplines", "educationofferpage__school_groups")
        .order_by("pk")
    )
    if kind == OfferKind.LEISURE:
        offers = offers.filter(leisureofferpage__isnull=False)
    elif kind == OfferKind.EDUCATION:
        offers = offers.filter(educationofferpage__isnull=False)
    if updated_since is not None:
        offers = offers.filter(last_published_at__gte=updated_since)
    return offers


def parse_since(value):
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _money(value):
    return None if value is None else str(value)


def offer_data(offer, request) -> dict:
    try:
        education = offer.educationofferpage
    except OfferPage.educationofferpage.RelatedObjectDoesNotExist:
        education = None
    try:
        leisure = offer.leisureofferpage
    except OfferPage.leisureofferpage.RelatedObjectDoesNotExist:
        leisure = None
    provider = offer.provider
    data = {
        "id": offer.pk,
        "kind": OfferKind.EDUCATION if education else OfferKind.LEISURE,
        "title": offer.title,
        "url": request.build_absolute_uri(offer.url) if offer.url else None,
        "summary": offer.summary,
        "description": offer.description,
        "disciplines": [d.name for d in offer.disciplines.all()],
        "age_min": offer.age_min,
        "age_max": offer.age_max,
        "schedule": offer.schedule_kind,
        "schedule_text": offer.schedule_text,
        "dates": [
            {"start": d.start.isoformat(), "end": d.end.isoformat() if d.end else None}
            for d in offer.dates.all()
        ],
        "locations": [
            {
                "name": loc.name,
                "street_address": loc.street_address,
                "postcode": loc.postcode,
                "city": loc.city,
                "wijk": loc.wijk,
                "latitude": float(loc.latitude) if loc.latitude is not None else None,
                "longitude": float(loc.longitude) if loc.longitude is not None else None,
            }
            for loc in offer.locations.all()
        ],
        "price": {
            "kind": offer.price_kind,
            "from": _money(offer.price_from),
            "to": _money(offer.price_to),
            "currency": "EUR",
        },
        "accessibility": offer.accessibility,
        "booking_url": offer.booking_url,
        "contact_email": offer.contact_email,
        "contact_phone": offer.contact_phone,
        "provider": {
            "name": provider.name,
            "url": request.build_absolute_uri(reverse("providers:profile", args=[provider.slug]))
            if provider.is_public and provider.slug
            else None,
        },
        "updated_at": offer.last_published_at.isoformat() if offer.last_published_at else None,
    }
    if leisure is not None:
        data["leisure_kind"] = leisure.leisure_kind
    if education is not None:
        data["price"]["unit"] = education.price_unit
        data.update(
            {
                "school_groups": [
                    {"school_type": g.school_type, "name": g.name}
                    for g in education.school_groups.all()
                ],
                "curriculum_link": education.curriculum_link,
                "duration_minutes": education.duration_minutes,
                "max_pupils": education.max_pupils,
                "school_arranges": education.school_arranges,
            }
        )
    return data


@require_GET
def offers(request):
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in OfferKind.values:
        return JsonResponse({"error": "kind must be leisure or education"}, status=400)
    try:
        since = parse_since(request.GET.get("updated_since"))
    except ValueError:
        return JsonResponse(
            {"error": "updated_since must be an ISO 8601 date or date and time"}, status=400
        )
    paginator = Paginator(published_offers(kind, since), PAGE_SIZE)
    try:
        number = int(request.GET.get("page") or 1)
        page = paginator.page(number)
    except (ValueError, EmptyPage):
        return JsonResponse({"error": "no such page"}, status=404)

    def link(n):
        params = request.GET.copy()
        params["page"] = n
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    response = JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [offer_data(offer, request) for offer in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
