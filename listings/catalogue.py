"""The public catalogue: full-text search, facets with counts, sorting and pagination.

Every state lives in the GET parameters (`CatalogueForm`), so a search can be bookmarked and
shared, and the page works as a plain form without JavaScript.

Facets are *disjunctive*: values of one facet combine with OR, facets combine with AND, and the
count next to a value is the number of offers that the search would return with that value
added, i.e. counted over the offers matching the text and every *other* facet. Each facet is one
aggregate query over that id set (a subquery, never a list of ids), so the number of queries
per request is fixed, whatever the number of offers or results.

Search on PostgreSQL reads Wagtail's search index (its database backend: PostgreSQL full text
with the Dutch configuration), title and body each through their own GIN index. Dutch compounds
("schilderles") do not share a stem with "schilderen", so each word of the query also matches,
as a prefix, the words that start with its Dutch (Snowball) stem, through Wagtail's autocomplete
index: "schilderen" → "schilder*" finds "schilderles".
On SQLite, Wagtail's FTS5 backend took 0.5 to 7 seconds per word on 20,000 offers, so there
each word matches, in the title, summary, description, provider or discipline, as itself or as
its Dutch stem ("schilderen" → "schilder" finds "schilderles"): one scan of ~40 ms.
Either way the matching ids are read once per request, and the facets and results filter on
them.

The catalogue as it opens (no words, no filter) counts every offer in every facet and is the
same for everyone: those counts are cached until an offer changes (`forget_counts`, after the
commit) or the day ends. The list of offers itself is never cached.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

import snowballstemmer
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.query import Lexeme
from wagtail.search.models import IndexEntry
from wagtail.search.utils import get_descendants_content_types_pks

from listings.models import (
    Discipline,
    EducationOfferPage,
    LeisureKind,
    LeisureOfferPage,
    OfferDate,
    OfferKind,
    OfferLocation,
    OfferPage,
    PriceKind,
    SchoolGroup,
    SchoolLevel,
)
from portal.fields import Wijk

PAGE_SIZE = 20
MAX_TERMS = 8

# (key, label, lowest age, highest age or None): an offer is in a band when its age range
# overlaps the band's.
AGE_BANDS = [
    ("0-3", _("Toddlers (0-3)"), 0, 3),
    ("4-12", _("Children (4-12)"), 4, 12),
    ("13-17", _("Teenagers (13-17)"), 13, 17),
    ("18+", _("Adults (18+)"), 18, None),
    ("65+", _("Seniors (65+)"), 65, None),
]
TEN = Decimal("10")
TWENTY_FIVE = Decimal("25")
PRICE_BANDS = [
    ("free", _("Free")),
    ("upto10", _("Up to € 10")),
    ("10-25", _("€ 10 to € 25")),
    ("over25", _("Over € 25")),
]
WHEN_CHOICES = [
    ("weekend", _("This weekend")),
    ("week", _("Next 7 days")),
    ("month", _("Next 30 days")),
]
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("date", _("Date")),
    ("newest", _("Newest")),
]


# --- the form: all state in GET parameters ---------------------------------------------------
class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    discipline = forms.MultipleChoiceField(label=_("Discipline"), required=False)
    age = forms.MultipleChoiceField(
        label=_("Age"), required=False, choices=[(k, label) for k, label, *_r in AGE_BANDS]
    )
    school_type = forms.MultipleChoiceField(
        label=_("School type"), required=False, choices=SchoolLevel.choices
    )
    group = forms.MultipleChoiceField(label=_("Group or year"), required=False)
    wijk = forms.MultipleChoiceField(label=_("Wijk"), required=False, choices=Wijk.choices)
    price = forms.MultipleChoiceField(label=_("Price"), required=False, choices=PRICE_BANDS)
    kind = forms.MultipleChoiceField(
        label=_("Kind of offer"), required=False, choices=LeisureKind.choices
    )
    when = forms.ChoiceField(
        label=_("When"), required=False, choices=[("", _("Any time")), *WHEN_CHOICES]
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, disciplines=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].choices = [(d.slug, d.name) for d in disciplines]
        self.fields["group"].choices = [(str(g.pk), str(g)) for g in groups]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data

    def values(self) -> dict:
        """The valid part of the input: a bad value in one field does not lose the others."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors}


# --- search ----------------------------------------------------------------------------------
_stemmer = snowballstemmer.stemmer("dutch")
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_TERMS]


def dutch_stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def text_ids(model, text: str, offers) -> list[int]:
    """The ids of the offers that contain every word of `text` (see the module's docstring).
    On PostgreSQL read from Wagtail's search index alone; the other filters apply later."""
    if connection.vendor == "postgresql":
        return [int(pk) for pk in _index_entries(model, text).values_list("object_id", flat=True)]
    condition = Q()
    for term in query_terms(text):
        stem = dutch_stem(term)
        # A stem inside the word finds everything the word finds: one scan, not two.
        condition &= _contains_any({stem} if stem and stem in term else {term, stem})
    return list(offers.filter(condition).order_by().values_list("pk", flat=True).distinct())


def _index_entries(model, text: str):
    """Wagtail's search index entries of `model` that match every word of `text`, as the word
    (Dutch configuration) or as a prefix: its Dutch stem."""
    backend = get_search_backend()
    entries = IndexEntry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(model)
    )
    for term in query_terms(text):
        word = SearchQuery(Lexeme(term), search_type="raw", config=backend.config)
        prefix = SearchQuery(
            Lexeme(dutch_stem(term), prefix=True),
            search_type="raw",
            config=backend.autocomplete_config,
        )
        # Title and body each on their own: Wagtail's search matches their concatenation,
        # which no index covers (40 ms for 20,000 offers, against 15).
        entries = entries.filter(Q(title=word) | Q(body=word) | Q(autocomplete=prefix))
    return entries


def ids_subquery(ids: list[int]) -> RawSQL:
    """A list of ids as ONE query parameter: preparing thousands of parameters for each facet's
    query cost more than running the queries."""
    if connection.vendor == "postgresql":
        # As text: psycopg adapts a list item by item on the client (35 ms a request for five
        # queries with 3,000 ids each), a string in one go.
        return RawSQL(
            "SELECT unnest(string_to_array(%s, ',')::bigint[])", (",".join(map(str, ids)),)
        )
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(list(ids)),))


def _contains_any(words) -> Q:
    condition = Q()
    for word in words:
        if not word:
            continue
        disciplines = OfferPage.disciplines.through.objects.filter(
            discipline__name__icontains=word
        ).values("offerpage_id")
        condition |= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(pk__in=disciplines)
        )
    return condition


# --- date helpers ----------------------------------------------------------------------------
def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def when_range(when: str, today=None):
    """The first and last day of a 'when' choice."""
    today = today or timezone.localdate()
    if when == "weekend":
        # Saturday and Sunday of this week; on a Sunday, just today.
        weekday = today.weekday()
        saturday = today + timedelta(days=max(5 - weekday, 0)) if weekday < 6 else today
        return (today if weekday == 6 else saturday), today + timedelta(days=6 - weekday)
    if when == "week":
        return today, today + timedelta(days=6)
    if when == "month":
        return today, today + timedelta(days=29)
    return None


def overlapping(first, last) -> Q:
    """A Q on dates annotated with `until` (see `offer_dates`): the date overlaps [first, last]
    (days; either may be None)."""
    condition = Q()
    if first:
        condition &= Q(until__gte=_day_start(first))
    if last:
        condition &= Q(start__lt=_day_start(last + timedelta(days=1)))
    return condition


def offer_dates():
    return OfferDate.objects.annotate(until=Coalesce("end", "start"))


def dates_between(first, last):
    """A Q: the offer has a date that overlaps [first, last] (days; either may be None)."""
    return Exists(offer_dates().filter(overlapping(first, last), offer_id=OuterRef("pk")))


# --- facets ----------------------------------------------------------------------------------
def age_q(key):
    for band_key, _label, low, high in AGE_BANDS:
        if band_key == key:
            condition = Q(age_max__isnull=True) | Q(age_max__gte=low)
            if high is not None:
                condition &= Q(age_min__isnull=True) | Q(age_min__lte=high)
            return condition
    return Q(pk__in=[])


def price_q(key):
    free = Q(price_kind=PriceKind.FREE)
    if key == "free":
        return free
    paid = ~free & Q(price_from__isnull=False)
    if key == "upto10":
        return paid & Q(price_from__lte=TEN)
    if key == "10-25":
        return paid & Q(price_from__gt=TEN, price_from__lte=TWENTY_FIVE)
    if key == "over25":
        return paid & Q(price_from__gt=TWENTY_FIVE)
    return Q(pk__in=[])


def _any(conditions):
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def has_selection(self):
        return any(v.selected for v in self.values)


class Catalogue:
    """The search of one catalogue (kind), from the valid values of a CatalogueForm."""

    def __init__(self, kind: str, values: dict, today=None, disciplines=None, groups=None):
        self.kind = kind
        self.model = LeisureOfferPage if kind == OfferKind.LEISURE else EducationOfferPage
        self.values = values
        self.today = today or timezone.localdate()
        self.text = (values.get("q") or "").strip()
        if disciplines is not None:
            self._disciplines = list(disciplines)
        if groups is not None:
            self._groups = list(groups)
        self.facet_names = (
            ["discipline", "kind", "age", "wijk", "price", "when"]
            if kind == OfferKind.LEISURE
            else ["discipline", "school_type", "group", "wijk", "price", "when"]
        )

    # The offers a visitor may find at all: published, of this kind, not past their last date.
    def base(self):
        return self.model.objects.filter(live=True).filter(
            Q(last_date__isnull=True) | Q(last_date__gte=self.today)
        )

    def text_ids(self) -> list[int]:
        """The ids of the offers matching the text: searched once per request."""
        if not hasattr(self, "_text_ids"):
            self._text_ids = text_ids(self.model, self.text, self.base())
        return self._text_ids

    def facet_condition(self, name):
        """The condition of one facet's selected values (OR), or None when none selected."""
        selected = self.values.get(name) or []
        if name == "when":
            span = when_range(selected, self.today) if selected else None
            return dates_between(*span) if span else None
        if not selected:
            return None
        if name == "discipline":
            through = OfferPage.disciplines.through.objects.filter(discipline__slug__in=selected)
            return Q(pk__in=through.values("offerpage_id"))
        if name == "school_type":
            through = EducationOfferPage.school_groups.through.objects.filter(
                schoolgroup__school_type__in=selected
            )
            return Q(pk__in=through.values("educationofferpage_id"))
        if name == "group":
            through = EducationOfferPage.school_groups.through.objects.filter(
                schoolgroup_id__in=[int(pk) for pk in selected]
            )
            return Q(pk__in=through.values("educationofferpage_id"))
        if name == "wijk":
            return Q(pk__in=OfferLocation.objects.filter(wijk__in=selected).values("offer_id"))
        if name == "kind":
            return Q(leisure_kind__in=selected)
        if name == "age":
            return _any(age_q(key) for key in selected)
        if name == "price":
            return _any(price_q(key) for key in selected)
        raise ValueError(name)

    def filtered(self, *, without=None):
        """The offers matching the text, the dates and every facet except `without`."""
        queryset = self.base()
        if self.text:
            queryset = queryset.filter(pk__in=ids_subquery(self.text_ids()))
        start, end = self.values.get("date_from"), self.values.get("date_to")
        if start or end:
            queryset = queryset.filter(dates_between(start, end))
        for name in self.facet_names:
            if name == without:
                continue
            condition = self.facet_condition(name)
            if condition is not None:
                queryset = queryset.filter(condition)
        return queryset

    # --- results ---
    def sort_key(self):
        sort = self.values.get("sort") or ("relevance" if self.text else "date")
        if sort == "relevance" and not self.text:
            sort = "date"
        return sort

    def results(self):
        queryset = self.filtered().select_related("provider")
        sort = self.sort_key()
        if sort == "relevance":
            return queryset.annotate(relevance=self.relevance()).order_by(
                self.relevance_order(), "-pk"
            )
        if sort == "newest":
            return queryset.order_by("-first_published_at", "-pk")
        return queryset.order_by(
            Coalesce("first_date", "last_date").asc(nulls_last=True), "title", "pk"
        )

    def relevance(self):
        """A cheap score over the (already matched) offers: per word of the query, 3 when its
        stem is in the title, 2 in the summary, 1 otherwise (found in the description or a
        related field). Plain LIKEs on a few rows, instead of ranking every row with a
        correlated full-text subquery (seconds on 20,000 offers)."""
        score = Value(0)
        for term in query_terms(self.text):
            stem = dutch_stem(term)
            score = score + Case(
                When(title__icontains=stem, then=Value(3)),
                When(summary__icontains=stem, then=Value(2)),
                default=Value(1),
            )
        return score

    @staticmethod
    def relevance_order():
        return F("relevance").desc()

    def page(self, number):
        paginator = Paginator(self.results(), PAGE_SIZE)
        page = paginator.get_page(number)
        # One query each for the page's providers (joined), locations and disciplines.
        offers = list(page.object_list)
        _attach(offers)
        page.object_list = offers
        return page

    # --- facets ---
    # Facets counted by conditions (one COUNT ... FILTER per value) rather than by grouping.
    CONDITIONAL_FACETS = ("age", "price", "kind")

    def facets(self) -> list[Facet]:
        counts = self.counts()
        rows = {
            "discipline": (_("Discipline"), [(d.slug, d.name) for d in self.disciplines]),
            "school_type": (_("School type"), SchoolLevel.choices),
            "group": (_("Group or year"), [(str(g.pk), str(g)) for g in self.groups]),
            "wijk": (_("Wijk"), Wijk.choices),
            "kind": (_("Kind of offer"), LeisureKind.choices),
            "age": (_("Age"), [(key, label) for key, label, *_r in AGE_BANDS]),
            "price": (_("Price"), PRICE_BANDS),
            "when": (_("When"), WHEN_CHOICES),
        }
        return [self._facet(name, *rows[name], counts[name]) for name in self.facet_names]

    def is_unfiltered(self) -> bool:
        """The catalogue as it opens: no words, no facet, no dates."""
        return not self.text and not any(
            self.values.get(name) for name in [*self.facet_names, "date_from", "date_to"]
        )

    def counts(self) -> dict:
        """{facet: {value: count}}. The catalogue as it opens counts every offer in every facet
        (0.1 s on 20,000 offers) and looks the same to everyone: those counts are kept in the
        cache until an offer changes (`forget_counts`) or the day ends."""
        if not self.is_unfiltered():
            return self._count_all()
        key = f"listings:counts:{self.kind}:{self.today.isoformat()}:{counts_generation()}"
        counts = cache.get(key)
        if counts is None:
            counts = self._count_all()
            cache.set(key, counts, COUNTS_SECONDS)
        return counts

    def _count_all(self) -> dict:
        self._shared_counts = self._unselected_counts()
        return {name: getattr(self, f"_count_{name}")() for name in self.facet_names}

    def _unselected_counts(self) -> dict:
        """The counts of every conditional facet with nothing selected, in ONE query: each is
        counted over the same offers (all filters apply, none of its own), so one aggregate
        does for all of them instead of one query per facet."""
        names = [
            name
            for name in self.CONDITIONAL_FACETS
            if name in self.facet_names and self.facet_condition(name) is None
        ]
        conditions = {name: self._conditions(name) for name in names}
        aggregates = {
            f"{name}__{i}": Count("pk", filter=condition)
            for name in names
            for i, condition in enumerate(conditions[name].values())
        }
        if not aggregates:
            return {}
        row = self.filtered().order_by().aggregate(**aggregates)
        return {
            name: {key: row[f"{name}__{i}"] for i, key in enumerate(conditions[name])}
            for name in names
        }

    def _conditions(self, name) -> dict:
        """{value: Q} of a conditional facet."""
        if name == "age":
            return {key: age_q(key) for key, _l, *_r in AGE_BANDS}
        if name == "price":
            return {key: price_q(key) for key, _l in PRICE_BANDS}
        if name == "kind":
            return {key: Q(leisure_kind=key) for key, _l in LeisureKind.choices}
        raise ValueError(name)

    def _ids(self, name):
        return self.filtered(without=name).order_by().values("pk")

    def _selected(self, name):
        value = self.values.get(name) or []
        return {value} if isinstance(value, str) else set(value)

    def _facet(self, name, label, rows, counts):
        selected = self._selected(name)
        return Facet(
            name,
            label,
            [
                FacetValue(str(value), str(text), counts.get(value, 0), str(value) in selected)
                for value, text in rows
            ],
        )

    def _count_discipline(self):
        through = OfferPage.disciplines.through.objects.filter(
            offerpage_id__in=self._ids("discipline")
        )
        return dict(
            through.values_list("discipline__slug").annotate(n=Count("offerpage_id")).order_by()
        )

    def _count_school_type(self):
        through = EducationOfferPage.school_groups.through.objects.filter(
            educationofferpage_id__in=self._ids("school_type")
        )
        return dict(
            through.values_list("schoolgroup__school_type")
            .annotate(n=Count("educationofferpage_id", distinct=True))
            .order_by()
        )

    def _count_group(self):
        through = EducationOfferPage.school_groups.through.objects.filter(
            educationofferpage_id__in=self._ids("group")
        )
        return {
            str(pk): n
            for pk, n in through.values_list("schoolgroup_id")
            .annotate(n=Count("educationofferpage_id"))
            .order_by()
        }

    def _count_wijk(self):
        locations = OfferLocation.objects.filter(offer_id__in=self._ids("wijk"))
        return dict(
            locations.values_list("wijk").annotate(n=Count("offer_id", distinct=True)).order_by()
        )

    def _count_kind(self):
        return self._conditional_counts("kind")

    def _count_age(self):
        return self._conditional_counts("age")

    def _count_price(self):
        return self._conditional_counts("price")

    def _conditional_counts(self, name):
        """How many offers meet each condition: from the shared query when nothing of this
        facet is selected, else one aggregate query of its own."""
        shared = getattr(self, "_shared_counts", {})
        if name in shared:
            return shared[name]
        conditions = self._conditions(name)
        aggregates = {
            f"c{i}": Count("pk", filter=condition)
            for i, condition in enumerate(conditions.values())
        }
        row = self.filtered(without=name).order_by().aggregate(**aggregates)
        return {key: row[f"c{i}"] for i, key in enumerate(conditions)}

    def _count_when(self):
        """Counted over the dates in the widest window (the next 30 days) of the offers found:
        a condition per offer and window (EXISTS) took 250 ms on 20,000 offers."""
        windows = {key: when_range(key, self.today) for key, _l in WHEN_CHOICES}
        widest = overlapping(
            min(first for first, _last in windows.values()),
            max(last for _first, last in windows.values()),
        )
        dates = offer_dates().filter(widest, offer_id__in=self._ids("when"))
        return dates.aggregate(
            **{
                key: Count("offer_id", distinct=True, filter=overlapping(*window))
                for key, window in windows.items()
            }
        )

    # Small fixed lists, read once per request.
    @property
    def disciplines(self):
        if not hasattr(self, "_disciplines"):
            self._disciplines = list(Discipline.objects.all())
        return self._disciplines

    @property
    def groups(self):
        if not hasattr(self, "_groups"):
            self._groups = list(SchoolGroup.objects.all())
        return self._groups


# --- the cached counts of the catalogue as it opens --------------------------------------------
COUNTS_SECONDS = 15 * 60  # at most; any change to an offer starts a new generation at once
GENERATION_KEY = "listings:counts:generation"


def counts_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 0, None)


def forget_counts(**kwargs):
    """Counts kept before now no longer hold (an offer, its locations, dates or disciplines
    changed): start a new generation once the change is committed, so that nobody caches counts
    of the data before it under the new one."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not in the cache (yet, or any more)
            cache.set(GENERATION_KEY, 1, None)

    transaction.on_commit(bump)


def _changed(sender, instance=None, **kwargs):
    if isinstance(instance, (OfferPage, OfferLocation, OfferDate, Discipline, SchoolGroup)):
        forget_counts()


def connect_signals():
    """Any saved, deleted or relinked offer, location, date, discipline or school group (a
    published or withdrawn offer saves its page) starts a new generation of counts."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"listings_counts_{id(signal)}")


CARD_IMAGE = "fill-400x225"


def _card_images(offers) -> dict:
    """{image id: image} of the offers' images, with their card renditions: two queries (none
    when no offer has an image), instead of two per card."""
    ids = {offer.image_id for offer in offers if offer.image_id}
    if not ids:
        return {}
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(CARD_IMAGE)
    return {image.pk: image for image in images}


def _attach(offers):
    """Locations, discipline names and images of a page of offers, in two to four queries."""
    if not offers:
        return
    ids = [offer.pk for offer in offers]
    locations = {}
    for location in OfferLocation.objects.filter(offer_id__in=ids).order_by("sort_order"):
        locations.setdefault(location.offer_id, []).append(location)
    disciplines = {}
    through = OfferPage.disciplines.through.objects.filter(offerpage_id__in=ids).select_related(
        "discipline"
    )
    for row in through.order_by("discipline__sort_order"):
        disciplines.setdefault(row.offerpage_id, []).append(row.discipline)
    images = _card_images(offers)
    for offer in offers:
        offer.card_image = images.get(offer.image_id)
        offer.card_locations = locations.get(offer.pk, [])
        offer.card_disciplines = disciplines.get(offer.pk, [])
        offer.card_wijken = sorted({loc.get_wijk_display() for loc in offer.card_locations})


def search_catalogue(kind: str, params, today=None):
    """Everything the catalogue page shows for these GET parameters: the form, the page of
    results and the facets (a fixed number of queries)."""
    disciplines = list(Discipline.objects.all())
    groups = list(SchoolGroup.objects.all()) if kind == OfferKind.EDUCATION else []
    form = CatalogueForm(params, disciplines=disciplines, groups=groups)
    catalogue = Catalogue(kind, form.values(), today=today, disciplines=disciplines, groups=groups)
    return {
        "form": form,
        "catalogue": catalogue,
        "page_obj": catalogue.page(params.get("page")),
        "facets": catalogue.facets(),
        "sort": catalogue.sort_key(),
        "sort_choices": SORT_CHOICES,
    }
