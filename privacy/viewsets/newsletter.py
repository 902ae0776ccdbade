"""Admin screens for newsletters: one "Newsletters" menu with three screens.

- Newsletter issues: editors write an issue and send it, once, with an explicit button.
- Newsletters: editors add and change the lists and see how many people receive each (a count,
  never who).
- Subscribers: the addresses themselves, for the privacy officer who handles people's requests
  about their data; purpose-bound and written to the access log. Editors have no permission to
  see them.
"""

from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from privacy import newsletter, purposes
from privacy.access import PurposeBoundViewSet
from privacy.models import NewsletterIssue, NewsletterList, Subscriber


# --- newsletters (the lists) --------------------------------------------------------------------
class NewsletterListIndexView(generic.IndexView):
    def get_base_queryset(self):
        return newsletter.lists_with_subscriber_counts()


class NewsletterListViewSet(ModelViewSet):
    model = NewsletterList
    name = "newsletters"
    icon = "list-ul"
    menu_label = gettext_lazy("Newsletters")
    index_view_class = NewsletterListIndexView
    list_display = [
        "name_nl",
        "name_en",
        BooleanColumn("is_active", label=gettext_lazy("open for subscriptions")),
        Column(
            "subscriber_count",
            label=gettext_lazy("active subscribers"),
            sort_key="subscriber_count",
        ),
    ]
    form_fields = [
        "name_nl",
        "name_en",
        "slug",
        "description_nl",
        "description_en",
        "is_active",
        "sort_order",
    ]
    ordering = ["sort_order", "name_nl"]
    copy_view_enabled = False


# --- issues -------------------------------------------------------------------------------------
class IssueIndexView(generic.IndexView):
    send_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("newsletter")

    def get_edit_url(self, instance):
        return None if instance.sent_at else super().get_edit_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.sent_at is None and self.user_has_permission("change"):
            url = reverse(self.send_url_name, args=[quote(instance.pk)])
            buttons.append(MenuItem(_("Send"), url=url, icon_name="mail", priority=5))
        return buttons


class IssueEditView(generic.EditView):
    """A sent issue is what its subscribers received: it is shown, no longer changed."""

    send_url_name = None

    def dispatch(self, request, *args, **kwargs):
        issue = get_object_or_404(NewsletterIssue, pk=kwargs["pk"])
        if issue.sent_at is not None:
            messages.warning(request, _("This issue has been sent and can no longer be changed."))
            return redirect(self.inspect_url_name, quote(issue.pk))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        url = reverse(self.send_url_name, args=[quote(self.object.pk)])
        return [*super().header_more_buttons, Button(_("Send"), url=url, icon_name="mail")]


class SendIssueView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks "send to N subscribers?"; the POST sends the issue, once."""

    model = NewsletterIssue
    permission_required = "change"
    template_name = "privacy/newsletter/admin_send_issue.html"
    page_title = gettext_lazy("Send newsletter issue")
    header_icon = "mail"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.issue = get_object_or_404(
            NewsletterIssue.objects.select_related("newsletter"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.issue.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Newsletter issues")},
            {"url": "", "label": self.issue.subject},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            issue=self.issue,
            recipient_count=newsletter.recipients_of(self.issue.newsletter).count(),
            index_url=reverse(self.index_url_name),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            count = newsletter.send_issue(self.issue, request.build_absolute_uri("/"))
        except newsletter.AlreadySent:
            messages.error(request, _("This issue was sent already; it is sent only once."))
        else:
            message = ngettext(
                "'%(subject)s' is being sent to %(count)d subscriber.",
                "'%(subject)s' is being sent to %(count)d subscribers.",
                count,
            )
            messages.success(request, message % {"subject": self.issue.subject, "count": count})
        return redirect(self.index_url_name)


class NewsletterIssueViewSet(ModelViewSet):
    model = NewsletterIssue
    name = "newsletter_issues"
    icon = "mail"
    menu_label = gettext_lazy("Newsletter issues")
    index_view_class = IssueIndexView
    edit_view_class = IssueEditView
    send_view_class = SendIssueView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["newsletter", "subject", "body"]
    list_display = [
        "subject",
        "newsletter",
        DateColumn("sent_at", label=gettext_lazy("sent")),
        Column("recipient_count", label=gettext_lazy("recipients")),
    ]
    list_filter = ["newsletter"]
    inspect_view_fields = ["newsletter", "subject", "body", "sent_at", "recipient_count"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(send_url_name=self.get_url_name("send"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(send_url_name=self.get_url_name("send"), **kwargs)

    @property
    def send_view(self):
        return self.construct_view(
            self.send_view_class,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send/<int:pk>/", self.send_view, name="send"),
        ]


# --- subscribers (the privacy officer only) ----------------------------------------------------
class SubscriberViewSet(PurposeBoundViewSet):
    """The privacy officer looks subscribers up to handle people's requests about their data:
    bound to the register's purpose for that work, so each look is logged under it. There is no
    search by address, so no address ends up in a URL or a server log."""

    model = Subscriber
    purpose = purposes.PRIVACYBEHEER
    name = "newsletter_subscribers"
    icon = "user"
    menu_label = gettext_lazy("Subscribers")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "email",
        "language",
        DateColumn("created_at", label=gettext_lazy("signed up")),
        DateColumn("confirmed_at", label=gettext_lazy("confirmed")),
        DateColumn("unsubscribed_at", label=gettext_lazy("unsubscribed")),
    ]
    list_filter = ["lists"]
    inspect_view_fields = ["email", "language", "created_at", "confirmed_at", "unsubscribed_at"]
    form_fields = ["language"]


class NewsletterGroup(ViewSetGroup):
    menu_label = gettext_lazy("Newsletters")
    menu_icon = "mail"
    menu_order = 850
    items = (NewsletterIssueViewSet, NewsletterListViewSet, SubscriberViewSet)


VIEWSETS: list = [NewsletterGroup]
