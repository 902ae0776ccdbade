"""The filters of the fund managers' application list (django-filter, as Hypha does it).

Everything here is a GET parameter that holds no personal data: ids, status codes, amounts,
scores, dates and a sort key. The free-text search (which may be a name) is not a GET
parameter: it is posted and kept in the session (see funds/views/staff.py), so that no name
ends up in a URL, a server log or the browser's history.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from funds.models import Application
from funds.services import overview
from portal.fields import Wijk

SORT_CHOICES = [
    ("-submitted_at", _("Submitted, newest first")),
    ("submitted_at", _("Submitted, oldest first")),
    ("-requested_amount", _("Amount requested, highest first")),
    ("requested_amount", _("Amount requested, lowest first")),
    ("-average_score", _("Average score, highest first")),
    ("average_score", _("Average score, lowest first")),
    ("number", _("Number, ascending")),
    ("-number", _("Number, descending")),
]
MAX_FILTER_AMOUNT = Decimal("10000000")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ApplicationFilter(django_filters.FilterSet):
    fund = django_filters.ChoiceFilter(label=_("Fund"), method="filter_fund", empty_label=_("All"))
    round = django_filters.ChoiceFilter(
        label=_("Round"), field_name="round_id", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in overview.STAFF_STATUSES],
        empty_label=_("All"),
    )
    wijk = django_filters.ChoiceFilter(label=_("Wijk"), choices=Wijk.choices, empty_label=_("All"))
    requested_min = django_filters.NumberFilter(
        label=_("Requested from (€)"),
        field_name="requested_amount",
        lookup_expr="gte",
        min_value=Decimal("0"),
        max_value=MAX_FILTER_AMOUNT,
    )
    requested_max = django_filters.NumberFilter(
        label=_("Requested up to (€)"),
        field_name="requested_amount",
        lookup_expr="lte",
        min_value=Decimal("0"),
        max_value=MAX_FILTER_AMOUNT,
    )
    score_min = django_filters.NumberFilter(
        label=_("Average score from"),
        field_name="average_score",
        lookup_expr="gte",
        min_value=Decimal("0"),
        max_value=Decimal("10"),
    )
    score_max = django_filters.NumberFilter(
        label=_("Average score up to"),
        field_name="average_score",
        lookup_expr="lte",
        min_value=Decimal("0"),
        max_value=Decimal("10"),
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=DateInput,
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted up to"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=DateInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, data=None, *args, funds=None, search_text="", **kwargs):
        """`funds`: overview.funds_with_rounds(), loaded once for the choices and the fund
        filter; `search_text`: the free-text search kept in the session."""
        self.funds = funds if funds is not None else overview.funds_with_rounds()
        self.search_text = search_text
        super().__init__(data, *args, **kwargs)
        self.filters["fund"].extra["choices"] = [
            (str(item.fund.pk), item.fund.title) for item in self.funds
        ]
        self.filters["round"].extra["choices"] = [
            (str(round_page.pk), f"{round_page.title} ({item.fund.code})")
            for item in self.funds
            for round_page in item.rounds
        ]

    @property
    def form(self):
        form = super().form
        for name in ("requested_min", "requested_max", "score_min", "score_max"):
            form.fields[name].widget.attrs.setdefault("inputmode", "decimal")
        return form

    def filter_fund(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(round_id__in=overview.round_ids_of(self.funds, value))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        queryset = overview.search(queryset, self.search_text)
        return overview.sort(queryset, self.sort_key)

    @property
    def sort_key(self) -> str:
        """The sort asked for, if valid (whatever the other fields hold), else the default."""
        if not self.is_bound:
            return overview.DEFAULT_SORT
        self.errors  # noqa: B018 (validates the form, so cleaned_data holds the valid fields)
        return self.form.cleaned_data.get("sort") or overview.DEFAULT_SORT


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Number, project title, organisation or contact person."),
    )
