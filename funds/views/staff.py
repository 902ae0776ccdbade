"""The fund managers' pages (/fondsbeheer/): the application list with its filters, search and
XLSX export, the round dashboards and the staff application page.

Plain Django views, like Hypha's submission list (not the Wagtail admin). Fund managers only:
everyone else gets 403, an anonymous visitor the login page. Every look at applicants' data is
written to the access log: one entry per list page (with its number of rows), per export and
per application opened.
"""

import hashlib

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from funds import permissions
from funds.filters import ApplicationFilter, SearchForm
from funds.models import PURPOSE, Application, FundPage, RoundPage
from funds.services import assessment, overview
from funds.views import staff_assessment, staff_decisions
from funds.workflow import TRANSITIONS
from privacy.access import log_access
from privacy.models import AccessAction

PAGE_SIZE = 50
SEARCH_SESSION_KEY = "funds_staff_search"
FILTER_FORM_CACHE_SECONDS = 300


class FundManagerRequiredMixin(LoginRequiredMixin):
    """Fund managers only (funds.permissions); the pages hold personal data, so no cache."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.is_fund_manager(request.user):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


def search_text(request) -> str:
    return request.session.get(SEARCH_SESSION_KEY, "")


def filtered(request, funds=None) -> ApplicationFilter:
    """The list's filters from the query string, and the search from the session."""
    return ApplicationFilter(
        request.GET,
        queryset=overview.staff_applications(),
        funds=funds,
        search_text=search_text(request),
    )


def filter_form_html(application_filter: ApplicationFilter) -> str:
    """The filter form (eleven crispy fields, four of them selects), rendered once per language,
    filter values and set of funds and rounds, then taken from the cache: paging through a list
    or coming back to it does not render it again. Rendering it costs more than all the queries
    of the page."""
    form = application_filter.form
    values = [(name, application_filter.data.getlist(name)) for name in form.fields]
    funds = [
        (item.fund.pk, item.fund.title, item.fund.code, [(r.pk, r.title) for r in item.rounds])
        for item in application_filter.funds
    ]
    fingerprint = repr((get_language(), values, funds)).encode()
    key = f"funds:staff-filters:{hashlib.sha256(fingerprint).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("funds/staff/_filters.html", {"filter": application_filter})
        cache.set(key, html, FILTER_FORM_CACHE_SECONDS)
    return mark_safe(html)  # rendered from our own template, which escaped every value


def sort_links(current: str) -> dict:
    """Per sortable column: the sort its header link asks for, and its aria-sort state."""
    links = {}
    for key in overview.SORT_FIELDS:
        if current == f"-{key}":
            links[key] = {"next": key, "state": "descending"}
        elif current == key:
            links[key] = {"next": f"-{key}", "state": "ascending"}
        else:
            links[key] = {"next": key if key == "number" else f"-{key}", "state": ""}
    return links


class OverviewView(FundManagerRequiredMixin, TemplateView):
    """All submitted applications: filter, search, sort, page through, export."""

    template_name = "funds/staff/overview.html"

    def get_context_data(self, search_form=None, **kwargs):
        funds = overview.funds_with_rounds()
        application_filter = filtered(self.request, funds)
        rows = overview.list_rows(application_filter.qs)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        log_access(
            self.request.user,
            model=Application,
            purpose=PURPOSE,
            action=AccessAction.VIEW,
            count=len(page.object_list),
        )
        current_search = search_text(self.request)
        return super().get_context_data(
            funds=funds,
            filter=application_filter,
            filter_form_html=filter_form_html(application_filter),
            page_obj=page,
            applications=overview.for_display(page.object_list, overview.round_titles(funds)),
            search_form=search_form or SearchForm(initial={"q": current_search}),
            search_text=current_search,
            sort=sort_links(application_filter.sort_key),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """The search box: kept in the session (never in the URL), then back to the list with
        the same filters, from the first page."""
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
        else:
            form = SearchForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(search_form=form))
            request.session[SEARCH_SESSION_KEY] = form.cleaned_data["q"].strip()
        query = request.GET.copy()
        query.pop("page", None)
        url = reverse("funds:staff_overview")
        return HttpResponseRedirect(f"{url}?{query.urlencode()}" if query else url)


class ExportView(FundManagerRequiredMixin, View):
    """The filtered list (all pages) as an XLSX file; the export is logged with its rows."""

    def get(self, request):
        application_filter = filtered(request)
        content, count = overview.applications_xlsx(application_filter.qs)
        log_access(
            request.user,
            model=Application,
            purpose=PURPOSE,
            action=AccessAction.EXPORT,
            count=count,
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"aanvragen-{timezone.localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class RoundView(FundManagerRequiredMixin, TemplateView):
    """One round: its ceiling, granted, paid and left; applications per status; scores."""

    template_name = "funds/staff/round.html"

    def get_context_data(self, **kwargs):
        round_page = get_object_or_404(RoundPage, pk=kwargs["pk"])
        fund = FundPage.objects.parent_of(round_page).first()
        return super().get_context_data(
            round=round_page,
            fund=fund,
            figures=overview.round_figures(round_page),
            best_scored=overview.best_scored(round_page),
            top_scores=overview.TOP_SCORES,
            is_open=round_page.is_open(),
            **kwargs,
        )


class ApplicationView(FundManagerRequiredMixin, TemplateView):
    """Everything the applicant submitted, its status and history, and the assessment panel
    (screening, reviewers, notes, messages to the applicant: funds/views/staff_assessment.py)
    and the decision panel (decision, payments, settlement: funds/views/staff_decisions.py)."""

    template_name = "funds/staff/application.html"

    def get_context_data(self, **kwargs):
        application = overview.staff_application(kwargs["pk"])
        if application is None:
            raise Http404
        log_access(
            self.request.user,
            model=Application,
            purpose=PURPOSE,
            action=AccessAction.VIEW,
            object_id=application.pk,
        )
        attachments = list(application.attachments.all())
        events = list(application.events.select_related("actor"))
        for event in events:
            transition = TRANSITIONS.get(event.transition)
            event.label = (
                transition.label
                if transition
                else assessment.EVENT_LABELS.get(event.transition, event.transition)
            )
        return super().get_context_data(
            application=application,
            fund=FundPage.objects.parent_of(application.round).first(),
            budget=overview.budget_of(application),
            answers=overview.answers_of(application, attachments),
            attachments=attachments,
            events=events,
            assessment=staff_assessment.panel_context(self.request, application),
            decision=staff_decisions.panel_context(self.request, application),
            **kwargs,
        )
