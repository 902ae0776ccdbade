"""The coordinators' workspace (/voorleesexpress/coordinatie/, /taalpunt/coordinatie/).

Plain Django views, like the fund managers' pages. Every view asks volunteers.programmes whether
this person coordinates this programme (the register's purpose and its roles): a VoorleesExpress
coordinator gets 403 on everything of the Taalpunt and the other way round. Every list shown and
every record opened is written to the access log.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from privacy.access import forbidden, log_access
from privacy.models import AccessAction
from volunteers import messaging, queries, workflow
from volunteers.forms import (
    KeepForm,
    MatchForm,
    MessageForm,
    NoteForm,
    PersonFilterForm,
    VogForm,
)
from volunteers.models import EventKind, KeepReason, Status
from volunteers.programmes import VOORLEESEXPRESS, may_coordinate

PAGE_SIZE = 50
FILTER_FORM_CACHE_SECONDS = 300
MAX_RECIPIENTS = 500


class CoordinatorMixin(LoginRequiredMixin):
    only_programme: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.programme = kwargs["programme"]
        if self.only_programme and self.programme.code != self.only_programme:
            raise Http404
        if not may_coordinate(request.user, self.programme):
            return forbidden(request)
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        kwargs["programme"] = self.programme
        return super().get_context_data(**kwargs)

    def get_person(self, pk):
        return get_object_or_404(self.programme.model.objects.confirmed(), pk=pk)

    def detail_url(self, person):
        return reverse("volunteers:detail", kwargs={"programme": self.programme, "pk": person.pk})


def filter_form_html(programme, form, query: str) -> str:
    """The filter form, rendered once per programme, language and filter values, then taken
    from the cache: crispy-forms costs more than all the list's queries (the bench showed it)."""
    fingerprint = repr((programme.code, get_language(), query)).encode()
    key = f"volunteers:filters:{hashlib.sha256(fingerprint).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "volunteers/coordinator/_filters.html",
            {"form": form, "programme": programme, "query": query},
        )
        cache.set(key, html, FILTER_FORM_CACHE_SECONDS)
    return mark_safe(html)


class PersonListView(CoordinatorMixin, TemplateView):
    template_name = "volunteers/coordinator/list.html"

    def get_context_data(self, **kwargs):
        form = PersonFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        page = Paginator(queries.list_rows(self.programme, data), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        rows = queries.labelled(page.object_list)
        log_access(
            self.request.user,
            model=self.programme.model,
            purpose=self.programme.purpose,
            count=len(rows),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form_html=filter_form_html(self.programme, form, query.urlencode()),
            page_obj=page,
            rows=rows,
            query=query.urlencode(),
            **kwargs,
        )


class PersonDetailView(CoordinatorMixin, TemplateView):
    template_name = "volunteers/coordinator/detail.html"

    def get_context_data(self, forms=None, **kwargs):
        person = self.get_person(self.kwargs["pk"])
        log_access(
            self.request.user,
            model=self.programme.model,
            purpose=self.programme.purpose,
            object_id=person.pk,
        )
        forms = forms or {}
        context = {
            "person": person,
            "events": person.events.select_related("actor")[:200],
            "transitions": workflow.available(self.request.user, person),
            "note_form": forms.get("note") or NoteForm(),
            "keep_form": forms.get("keep") or KeepForm(),
            "keep_reasons": KeepReason,
        }
        if self.programme.code == VOORLEESEXPRESS:
            context["vog_form"] = forms.get("vog") or VogForm(instance=person)
            context["match_form"] = forms.get("match") or MatchForm(initial={"wijk": person.wijk})
            context["periods"] = person.periods.all()
            context["vog_valid"] = person.vog_valid()
            context["vog_reminder"] = person.vog_reminder_due()
        else:
            context["enrolments"] = person.enrolments.select_related("activity")
        return super().get_context_data(**{**kwargs, **context})

    def invalid(self, name, form):
        messages.error(self.request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(forms={name: form}))


class TransitionView(CoordinatorMixin, View):
    def post(self, request, programme, pk):
        person = self.get_person(pk)
        name = request.POST.get("transition", "")
        if name not in workflow.TRANSITIONS:
            raise Http404
        try:
            person = workflow.apply(
                person, name, actor=request.user, note=request.POST.get("note", "")[:500]
            )
        except workflow.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Status is now: %(status)s.") % {"status": person.get_status_display()},
            )
        log_access(
            request.user,
            model=self.programme.model,
            purpose=self.programme.purpose,
            action=AccessAction.CHANGE,
            object_id=person.pk,
        )
        return HttpResponseRedirect(self.detail_url(person))


class NoteView(PersonDetailView):
    def post(self, request, programme, pk):
        person = self.get_person(pk)
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.invalid("note", form)
        self.programme.event_model.objects.create(
            person=person, actor=request.user, kind=EventKind.NOTE, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The note is saved."))
        return HttpResponseRedirect(self.detail_url(person))


class VogView(PersonDetailView):
    only_programme = VOORLEESEXPRESS

    def post(self, request, programme, pk):
        person = self.get_person(pk)
        form = VogForm(request.POST, instance=person)
        if not form.is_valid():
            return self.invalid("vog", form)
        form.save()
        self.programme.event_model.objects.create(
            person=person,
            actor=request.user,
            kind=EventKind.VOG,
            text=_("requested %(requested)s, received %(received)s, dated %(issued)s")
            % {
                "requested": form.cleaned_data["vog_requested_on"] or "-",
                "received": form.cleaned_data["vog_received_on"] or "-",
                "issued": form.cleaned_data["vog_issued_on"] or "-",
            },
        )
        messages.success(request, _("The VOG details are saved."))
        return HttpResponseRedirect(self.detail_url(person))


class MatchView(PersonDetailView):
    only_programme = VOORLEESEXPRESS

    def post(self, request, programme, pk):
        person = self.get_person(pk)
        form = MatchForm(request.POST)
        if not form.is_valid():
            return self.invalid("match", form)
        period = form.save(commit=False)
        period.volunteer = person
        period.save()
        self.programme.event_model.objects.create(
            person=person,
            actor=request.user,
            kind=EventKind.MATCH,
            text=_("%(family)s, from %(start)s to %(end)s")
            % {"family": period.family_label, "start": period.starts_on, "end": period.ends_on},
        )
        messages.success(request, _("The volunteer is matched for 20 weeks."))
        return HttpResponseRedirect(self.detail_url(person))


class KeepView(PersonDetailView):
    """Keeping a stopped person's data past the register's term: only with a recorded reason."""

    def post(self, request, programme, pk):
        person = self.get_person(pk)
        if person.status != Status.STOPPED:
            messages.error(request, _("This is not possible in the current status."))
            return HttpResponseRedirect(self.detail_url(person))
        form = KeepForm(request.POST)
        if not form.is_valid():
            return self.invalid("keep", form)
        data = form.cleaned_data
        person.keep_until = data["keep_until"]
        person.keep_reason = data["keep_reason"]
        person.keep_reason_note = data["keep_reason_note"]
        person.save(update_fields=["keep_until", "keep_reason", "keep_reason_note"])
        self.programme.event_model.objects.create(
            person=person,
            actor=request.user,
            kind=EventKind.KEEP,
            text=f"{data['keep_until']}: {KeepReason(data['keep_reason']).label}",
        )
        messages.success(request, _("The data are kept until the date you chose."))
        return HttpResponseRedirect(self.detail_url(person))


class MessageView(CoordinatorMixin, TemplateView):
    """Email to one or many: the people ticked in the list (or the whole filtered list)."""

    template_name = "volunteers/coordinator/message.html"

    def people(self, ids):
        qs = self.programme.model.objects.confirmed().only(
            "pk", "first_name", "last_name", "status"
        )
        return list(qs.filter(pk__in=ids)[:MAX_RECIPIENTS])

    def get(self, request, programme):
        ids = [int(i) for i in request.GET.getlist("ids") if i.isdigit()]
        if not ids and request.GET.get("all"):
            filter_form = PersonFilterForm(request.GET)
            data = filter_form.cleaned_data if filter_form.is_valid() else {}
            ids = list(
                queries.people(self.programme, data).values_list("pk", flat=True)[:MAX_RECIPIENTS]
            )
        people = self.people(ids)
        form = MessageForm(people=people, initial={"recipients": [p.pk for p in people]})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, programme):
        ids = [int(i) for i in request.POST.getlist("recipients") if i.isdigit()]
        people = self.people(ids)
        form = MessageForm(request.POST, people=people)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        chosen = [p for p in people if p.pk in set(form.cleaned_data["recipients"])]
        recipients = self.programme.model.objects.filter(pk__in=[p.pk for p in chosen])
        message = messaging.send_message(
            self.programme,
            recipients,
            form.cleaned_data["subject"],
            form.cleaned_data["body"],
            request.user,
        )
        messages.success(
            request,
            _("Your message was sent to %(count)d people.") % {"count": len(chosen)},
        )
        return HttpResponseRedirect(
            reverse("volunteers:messages", kwargs={"programme": self.programme}) + f"#m{message.pk}"
        )


class MessageLogView(CoordinatorMixin, TemplateView):
    template_name = "volunteers/coordinator/messages.html"

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        rows = (
            self.programme.message_model.objects.select_related("sent_by")
            .annotate(recipient_count=Count("recipients"))
            .order_by("-sent_at", "-pk")
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, **kwargs)
