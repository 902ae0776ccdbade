"""Bench data and scenarios of the public catalogue (issue 6): 20,000 published offers per
unit of scale, and the scenarios "catalogue_search", "catalogue_browse" and "offer_detail".

Offers are Wagtail pages (treebeard materialised paths, multi-table inheritance), which
`bulk_create` cannot write. They are written table by table instead: the pages with paths
computed from the catalogue's (`MP_Node._get_path`), then the OfferPage and LeisureOfferPage
rows by raw INSERT, the children (dates, locations, disciplines) with bulk_create, and the
search index with the backend's `add_bulk`. Measured on the development machine: ~1 minute for
20,000 offers, against ~20 minutes page by page with `add_child`.
"""

import itertools
import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from listings.models import (
    CatalogueIndexPage,
    Discipline,
    LeisureKind,
    LeisureOfferPage,
    OfferDate,
    OfferKind,
    OfferLocation,
    OfferPage,
    PriceKind,
    Provider,
)
from portal.fields import Wijk

OFFERS_PER_SCALE = 20_000
TITLE_PREFIX = "Benchaanbod "
WORDS = ["Schilderles", "Theaterworkshop", "Koor", "Dansles", "Fotografiecursus", "Lezing"]
SEARCH_PATH = "/cultuurwijzer/?q=schilderen&discipline=beeldende-kunst&wijk=assendorp&price=10-25"


def has_offers(scale: int) -> bool:
    return (
        LeisureOfferPage.objects.filter(title__startswith=TITLE_PREFIX).count()
        == OFFERS_PER_SCALE * scale
    )


def remove_offers() -> None:
    for page in LeisureOfferPage.objects.filter(title__startswith=TITLE_PREFIX).iterator():
        page.delete()


def _insert(model, rows: list[dict]) -> None:
    """Raw INSERT of one table of a multi-table model (bulk_create refuses those)."""
    if not rows:
        return
    columns = list(rows[0])
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - names are ours
            [[row[c] for c in columns] for row in rows],
        )


def create_offers(scale: int, providers: list[Provider], log=print) -> None:
    started = time.perf_counter()
    catalogue = CatalogueIndexPage.objects.filter(kind=OfferKind.LEISURE).first()
    if catalogue is None:
        from tests.factories.listings import catalogue as make_catalogue

        catalogue = make_catalogue(OfferKind.LEISURE)
    catalogue = CatalogueIndexPage.objects.get(pk=catalogue.pk)
    count = OFFERS_PER_SCALE * scale
    content_type = ContentType.objects.get_for_model(LeisureOfferPage)
    locale = Locale.get_default()
    last_child = catalogue.get_children().order_by("-path").first()
    first_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    now = timezone.now().replace(microsecond=0)
    base_url = catalogue.url_path
    pages = []
    for i in range(count):
        slug = f"benchaanbod-{i:06d}"
        pages.append(
            Page(
                title=f"{TITLE_PREFIX}{WORDS[i % len(WORDS)]} {i:06d}",
                slug=slug,
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                path=Page._get_path(catalogue.path, catalogue.depth + 1, first_step + i),
                depth=catalogue.depth + 1,
                numchild=0,
                url_path=f"{base_url}{slug}/",
                first_published_at=now - timedelta(minutes=i),
                last_published_at=now - timedelta(minutes=i),
                draft_title=f"{TITLE_PREFIX}{i:06d}",
            )
        )
    pages = Page.objects.bulk_create(pages, batch_size=2000)
    Page.objects.filter(pk=catalogue.pk).update(numchild=catalogue.numchild + count)

    disciplines = list(Discipline.objects.all())
    wijken = list(Wijk.values)
    kinds = list(LeisureKind.values)
    prices = [None, Decimal("7.50"), Decimal("12.50"), Decimal("18.00"), Decimal("35.00")]
    providers = itertools.cycle(providers)
    offer_rows, leisure_rows, dates, locations, links = [], [], [], [], []
    through = OfferPage.disciplines.through
    for i, page in enumerate(pages):
        price = prices[i % len(prices)]
        start = now + timedelta(days=1 + i % 90, hours=i % 8)
        offer_rows.append(
            {
                "page_ptr_id": page.pk,
                "provider_id": next(providers).pk,
                "summary": f"{WORDS[i % len(WORDS)]} in een kleine groep, voor beginners.",
                "description": "Je leert de basis en maakt iets om mee naar huis te nemen. "
                f"Offer {i}.",
                "age_min": [4, 13, 18, 8, 65][i % 5],
                "age_max": [12, 17, 99, 99, 99][i % 5],
                "schedule_kind": "dates",
                "schedule_text": "",
                "first_date": start.date(),
                "last_date": start.date(),
                "price_kind": PriceKind.FREE if price is None else PriceKind.AMOUNT,
                "price_from": price,
                "price_to": None,
                "accessibility": "",
                "image_id": None,
                "image_alt": "",
                "booking_url": "",
                "contact_email": "",
                "contact_phone": "",
                "is_own_programme": False,
                "content_updated_at": now,
                "stale_reminder_sent_at": None,
            }
        )
        leisure_rows.append({"offerpage_ptr_id": page.pk, "leisure_kind": kinds[i % len(kinds)]})
        dates.append(
            OfferDate(offer_id=page.pk, sort_order=0, start=start, end=start + timedelta(hours=2))
        )
        locations.append(
            OfferLocation(
                offer_id=page.pk,
                sort_order=0,
                name="Wijkcentrum",
                street_address="Bankastraat 1",
                postcode="8013 AA",
                city="Zwolle",
                wijk=wijken[i % len(wijken)],
            )
        )
        links.append(
            through(offerpage_id=page.pk, discipline_id=disciplines[i % len(disciplines)].pk)
        )
        if i % 4 == 0:
            links.append(
                through(
                    offerpage_id=page.pk, discipline_id=disciplines[(i + 3) % len(disciplines)].pk
                )
            )
    _insert(OfferPage, offer_rows)
    _insert(LeisureOfferPage, leisure_rows)
    OfferDate.objects.bulk_create(dates, batch_size=2000)
    OfferLocation.objects.bulk_create(locations, batch_size=2000)
    through.objects.bulk_create(links, batch_size=2000)
    written = time.perf_counter()

    backend = get_search_backend()
    ids = [page.pk for page in pages]
    for chunk in range(0, len(ids), 1000):
        objs = list(
            LeisureOfferPage.objects.filter(pk__in=ids[chunk : chunk + 1000])
            .select_related("provider")
            .prefetch_related("disciplines")
        )
        backend.add_bulk(LeisureOfferPage, objs)
    log(
        f"  {count} offers: rows in {written - started:.1f} s, "
        f"search index in {time.perf_counter() - written:.1f} s"
    )


OFFER_DETAIL_PATH = "/cultuurwijzer/benchaanbod-000000/"
