"""The public catalogue: search, facets (counts checked against a brute-force count), sorting,
pagination, every state in the URL, and a fixed number of queries."""

import itertools
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings.catalogue import (
    AGE_BANDS,
    Catalogue,
    CatalogueForm,
    dutch_stem,
    when_range,
)
from listings.models import (
    Discipline,
    LeisureKind,
    LeisureOfferPage,
    OfferKind,
    PriceKind,
    ScheduleKind,
    SchoolGroup,
)
from portal.fields import Wijk
from tests.factories.listings import EducationOfferFactory, LeisureOfferFactory, wagtail_image

pytestmark = pytest.mark.django_db
EN = {"HTTP_COOKIE": "django_language=en"}


def in_days(days):
    return timezone.now().replace(microsecond=0) + timedelta(days=days)


def titles(response):
    return [offer.title for offer in response.context["page_obj"].object_list]


def test_schilderen_finds_schilderles_and_a_word_from_the_description(client):
    LeisureOfferFactory(
        title="Schilderles voor beginners",
        summary="In een kleine groep.",
        description="Je leert een stilleven opzetten met acrylverf.",
    )
    LeisureOfferFactory(title="Hiphop dansen", summary="Dans mee.", description="Voor iedereen.")
    assert dutch_stem("schilderen") == "schilder"
    assert titles(client.get("/cultuurwijzer/?q=schilderen")) == ["Schilderles voor beginners"]
    assert titles(client.get("/cultuurwijzer/?q=stilleven")) == ["Schilderles voor beginners"]
    assert titles(client.get("/cultuurwijzer/?q=dans")) == ["Hiphop dansen"]
    # Every word must match.
    assert titles(client.get("/cultuurwijzer/?q=schilderen+hiphop")) == []


def test_only_live_current_offers_of_the_catalogues_kind(client):
    LeisureOfferFactory(title="Komt nog")
    LeisureOfferFactory(title="Voorbij", dates=[in_days(-10)])
    LeisureOfferFactory(title="Niet gepubliceerd", live=False)
    LeisureOfferFactory(
        title="Elke week",
        dates=[],
        schedule_kind=ScheduleKind.RECURRING,
        schedule_text="Elke woensdag",
    )
    EducationOfferFactory(title="Voor scholen")
    assert sorted(titles(client.get("/cultuurwijzer/"))) == ["Elke week", "Komt nog"]
    assert titles(client.get("/onderwijsaanbod/")) == ["Voor scholen"]


# --- facet counts against brute force ---------------------------------------------------------
def make_varied_offers(count=24):
    disciplines = list(Discipline.objects.order_by("sort_order")[:4])
    wijken = [Wijk.BINNENSTAD, Wijk.ASSENDORP, Wijk.DIEZERPOORT]
    prices = [
        (PriceKind.FREE, None),
        (PriceKind.AMOUNT, Decimal("7.50")),
        (PriceKind.AMOUNT, Decimal("10.00")),
        (PriceKind.AMOUNT, Decimal("18.00")),
        (PriceKind.AMOUNT, Decimal("40.00")),
    ]
    ages = [(4, 12), (13, 17), (18, 99), (None, None), (0, 3)]
    kinds = [LeisureKind.COURSE, LeisureKind.PERFORMANCE, LeisureKind.WORKSHOP]
    days = [3, 10, 20, 45]
    offers = []
    for i in range(count):
        price_kind, price = prices[i % len(prices)]
        age_min, age_max = ages[i % len(ages)]
        chosen = [disciplines[i % 4]] + ([disciplines[(i + 1) % 4]] if i % 3 == 0 else [])
        locations = [{"wijk": wijken[i % 3]}] + (
            [{"wijk": wijken[(i + 2) % 3]}] if i % 4 == 0 else []
        )
        offers.append(
            LeisureOfferFactory(
                title=f"Aanbod {i:02d}",
                disciplines=chosen,
                locations=locations,
                price_kind=price_kind,
                price_from=price,
                age_min=age_min,
                age_max=age_max,
                leisure_kind=kinds[i % 3],
                dates=[in_days(days[i % 4])],
            )
        )
    return offers


def facts(offer):
    """The facet values of an offer, by brute force in Python."""
    offer = LeisureOfferPage.objects.get(pk=offer.pk)
    price = offer.price_from
    if offer.price_kind == PriceKind.FREE:
        price_band = "free"
    elif price <= 10:
        price_band = "upto10"
    elif price <= 25:
        price_band = "10-25"
    else:
        price_band = "over25"
    ages = set()
    for key, _label, low, high in AGE_BANDS:
        lo_ok = offer.age_max is None or offer.age_max >= low
        hi_ok = high is None or offer.age_min is None or offer.age_min <= high
        if lo_ok and hi_ok:
            ages.add(key)
    today = timezone.localdate()
    whens = set()
    for key in ("weekend", "week", "month"):
        first, last = when_range(key, today)
        for d in offer.dates.all():
            start, end = (
                timezone.localtime(d.start).date(),
                timezone.localtime(d.end or d.start).date(),
            )
            if start <= last and end >= first:
                whens.add(key)
    return {
        "discipline": {d.slug for d in offer.disciplines.all()},
        "wijk": {loc.wijk for loc in offer.locations.all()},
        "price": {price_band},
        "age": ages,
        "kind": {offer.leisure_kind},
        "when": whens,
    }


SELECTIONS = [
    {},
    {"discipline": ["beeldende-kunst"]},
    {"discipline": ["beeldende-kunst", "muziek"], "wijk": ["assendorp"]},
    {"price": ["free", "upto10"], "age": ["4-12"], "kind": ["course", "workshop"]},
    {"wijk": ["binnenstad", "diezerpoort"], "when": "month", "discipline": ["dans"]},
    {"price": ["10-25", "over25"], "age": ["18+"], "wijk": ["assendorp"], "kind": ["performance"]},
]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_facet_counts_equal_a_brute_force_count(selection):
    offers = make_varied_offers()
    known = {offer.pk: facts(offer) for offer in offers}

    def matches(pk, without=None):
        return all(
            known[pk][name] & ({value} if isinstance(value, str) else set(value))
            for name, value in selection.items()
            if name != without and value
        )

    catalogue = Catalogue(OfferKind.LEISURE, selection)
    expected_results = {pk for pk in known if matches(pk)}
    assert {o.pk for o in catalogue.filtered()} == expected_results
    assert catalogue.results().count() == len(expected_results)
    for facet in catalogue.facets():
        for value in facet.values:
            expected = sum(
                1
                for pk in known
                if matches(pk, without=facet.name) and value.value in known[pk][facet.name]
            )
            assert value.count == expected, (facet.name, value.value)


def test_education_facets_count_school_types_and_groups(client):
    groups = {g.name: g for g in SchoolGroup.objects.all()}
    EducationOfferFactory(school_groups=[groups["groep 5"], groups["groep 6"]])
    EducationOfferFactory(school_groups=[groups["groep 1"]])
    EducationOfferFactory(school_groups=[groups["leerjaar 1"], groups["VSO"]])
    response = client.get("/onderwijsaanbod/?school_type=PO")
    assert len(titles(response)) == 2
    facets = {f.name: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    # The school type facet counts over the other facets only: all three types stay visible.
    assert facets["school_type"]["PO"] == 2
    assert facets["school_type"]["VO"] == 1
    assert facets["group"][str(groups["groep 5"].pk)] == 1
    assert facets["group"][str(groups["leerjaar 1"].pk)] == 0  # not PO
    response = client.get(f"/onderwijsaanbod/?school_type=PO&group={groups['groep 1'].pk}")
    assert len(titles(response)) == 1


# --- the page: sorting, pagination, URL state, no JavaScript ------------------------------------
def test_sorting_by_date_newest_and_relevance(client):
    LeisureOfferFactory(title="Later", dates=[in_days(30)], summary="schilderen en tekenen")
    LeisureOfferFactory(title="Eerder", dates=[in_days(5)], summary="tekenen")
    assert titles(client.get("/cultuurwijzer/?sort=date")) == ["Eerder", "Later"]
    assert titles(client.get("/cultuurwijzer/?sort=newest")) == ["Eerder", "Later"]
    # Relevance: the offer matching more words of the query first.
    relevant = titles(client.get("/cultuurwijzer/?q=schilderen+tekenen&sort=relevance"))
    assert relevant == ["Later"]
    relevant = titles(client.get("/cultuurwijzer/?q=tekenen"))
    assert set(relevant) == {"Eerder", "Later"}


def test_pagination_keeps_every_filter_in_the_links(client):
    for i in range(23):
        LeisureOfferFactory(title=f"Les {i:02d}", price_kind=PriceKind.FREE, price_from=None)
    response = client.get("/cultuurwijzer/?price=free&wijk=binnenstad&sort=date", **EN)
    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 23
    assert len(titles(response)) == 20
    assert "?price=free&amp;wijk=binnenstad&amp;sort=date&amp;page=2" in html
    assert 'type="checkbox" name="price" value="free" id="id_price_1" checked' in html
    page2 = client.get("/cultuurwijzer/?price=free&wijk=binnenstad&sort=date&page=2")
    assert len(titles(page2)) == 3
    # A GET form, no script needed.
    assert '<form method="get"' in html


def test_a_bad_value_does_not_lose_the_other_filters(client):
    LeisureOfferFactory(title="Gratis", price_kind=PriceKind.FREE, price_from=None)
    LeisureOfferFactory(title="Betaald")
    response = client.get("/cultuurwijzer/?price=free&wijk=nergens&date_from=gisteren", **EN)
    assert response.status_code == 200
    assert titles(response) == ["Gratis"]
    form = CatalogueForm({"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "date_to" in form.values() or form.errors["date_to"]


def test_this_weekend_is_saturday_and_sunday():
    from datetime import date

    assert when_range("weekend", date(2026, 5, 6)) == (date(2026, 5, 9), date(2026, 5, 10))
    assert when_range("weekend", date(2026, 5, 9)) == (date(2026, 5, 9), date(2026, 5, 10))
    assert when_range("weekend", date(2026, 5, 10)) == (date(2026, 5, 10), date(2026, 5, 10))


def test_date_range_filter(client):
    LeisureOfferFactory(title="Binnenkort", dates=[in_days(3)])
    LeisureOfferFactory(title="Over een maand", dates=[in_days(40)])
    first = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert titles(client.get(f"/cultuurwijzer/?date_from={first}")) == ["Over een maand"]
    assert titles(client.get("/cultuurwijzer/?when=week")) == ["Binnenkort"]


# --- queries do not grow -----------------------------------------------------------------------
def test_queries_per_request_do_not_grow_with_offers(client, django_assert_max_num_queries):
    disciplines = list(Discipline.objects.all()[:3])
    wijken = itertools.cycle([Wijk.BINNENSTAD, Wijk.ASSENDORP, Wijk.HOLTENBROEK])
    for i in range(110):
        LeisureOfferFactory(
            title=f"Schilderles {i}",
            disciplines=[disciplines[i % 3]],
            locations=[{"wijk": next(wijken)}, {"wijk": next(wijken)}],
        )
    url = (
        "/cultuurwijzer/?q=schilderen&discipline=beeldende-kunst&discipline=muziek"
        "&wijk=binnenstad&price=10-25&page=2"
    )
    client.get(url)  # warm the site root cache
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200
    assert len(titles(response)) == 20
    with django_assert_max_num_queries(22):
        assert client.get("/cultuurwijzer/?sort=newest").status_code == 200


def test_the_catalogue_as_it_opens_keeps_its_counts_until_an_offer_changes(
    client, django_capture_on_commit_callbacks
):
    """Everyone sees the same counts on the opening page: they are counted once, and counted
    again as soon as an offer is published, withdrawn or moved (after its commit)."""
    offers = make_varied_offers(6)

    def opening():
        with CaptureQueriesContext(connection) as queries:
            facets = client.get("/cultuurwijzer/").context["facets"]
        counts = {(f.name, v.value): v.count for f in facets for v in f.values}
        return counts, len(queries)

    def changed(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return opening()[0]

    counted, first_queries = opening()
    again, queries = opening()
    assert again == counted
    assert queries <= first_queries - 5  # no facet counted again
    assendorp = counted[("wijk", Wijk.ASSENDORP)]

    made = []
    counted = changed(
        lambda: made.append(
            LeisureOfferFactory(title="Nieuw", locations=[{"wijk": Wijk.ASSENDORP}])
        )
    )
    assert counted[("wijk", Wijk.ASSENDORP)] == assendorp + 1
    counted = changed(made[0].unpublish)
    assert counted[("wijk", Wijk.ASSENDORP)] == assendorp
    location = offers[0].locations.first()
    before = counted[("wijk", location.wijk)]
    location.wijk = Wijk.HOLTENBROEK
    counted = changed(location.save)
    assert counted[("wijk", Wijk.HOLTENBROEK)] == 1
    assert counted[("wijk", offers[0].locations.first().wijk)] <= before
    free = counted[("price", "free")]
    paid = LeisureOfferPage.objects.get(pk=offers[1].pk)
    paid.price_kind = PriceKind.FREE
    counted = changed(paid.save)
    assert counted[("price", "free")] == free + 1


# --- images ----------------------------------------------------------------------------------


def test_catalogue_cards_show_the_image_with_its_description(client):
    LeisureOfferFactory(
        title="Met foto",
        image=wagtail_image("kaartfoto.png"),
        image_alt="Twee dansers op het podium.",
    )
    LeisureOfferFactory(title="Zonder foto")
    body = client.get("/cultuurwijzer/").content.decode()
    assert 'alt="Twee dansers op het podium."' in body
    assert re.search(r'src="/media/images/kaartfoto\.[^"]*fill-400x225\.png"', body)
    assert body.count("fill-400x225") == 1


def test_catalogue_images_do_not_add_queries_per_card(client, django_assert_max_num_queries):
    for n in range(3):
        LeisureOfferFactory(image=wagtail_image(f"a{n}.png"), image_alt="Foto.")
    client.get("/cultuurwijzer/")  # makes the renditions
    with django_assert_max_num_queries(30) as captured:
        client.get("/cultuurwijzer/")
    few = len(captured)
    for n in range(15):
        LeisureOfferFactory(image=wagtail_image(f"b{n}.png"), image_alt="Foto.")
    client.get("/cultuurwijzer/")
    with django_assert_max_num_queries(few):
        response = client.get("/cultuurwijzer/")
    assert response.content.decode().count('alt="Foto."') == 18


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming is PostgreSQL's")
def test_dutch_stemming_on_postgresql():
    LeisureOfferFactory(title="Atelier", summary="Maak een schilderij", description="Met olieverf.")
    # Wagtail's own full-text search, without the catalogue's prefixes: the Dutch configuration
    # stems "schilderijen" to "schilderij".
    found = LeisureOfferPage.objects.search("schilderijen")
    assert [offer.title for offer in found] == ["Atelier"]
