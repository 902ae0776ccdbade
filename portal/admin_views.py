"""Pieces of the Wagtail admin shared by the apps' wagtail_hooks."""

from django.urls import path, reverse
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.emails import send_templated_email

# The views of a Wagtail ModelViewSet: name -> (route, the viewset's view attribute).
ROUTES = {
    "index": ("", "index_view"),
    "index_results": ("results/", "index_results_view"),
    "add": ("new/", "add_view"),
    "edit": ("edit/<{conv}:pk>/", "edit_view"),
    "delete": ("delete/<{conv}:pk>/", "delete_view"),
    "history": ("history/<{conv}:pk>/", "history_view"),
    "history_results": ("history-results/<{conv}:pk>/", "history_results_view"),
    "usage": ("usage/<{conv}:pk>/", "usage_view"),
    "inspect": ("inspect/<{conv}:pk>/", "inspect_view"),
    "copy": ("copy/<{conv}:pk>/", "copy_view"),
}


class LimitedViewsMixin:
    """A ModelViewSet that serves only `enabled_views`: a log is read, never edited.

    The other views get no URL, and no button or link points to them, for superusers neither.
    """

    enabled_views: tuple[str, ...] = ("index", "index_results")

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path(route.format(conv=conv), getattr(self, attribute), name=name)
            for name, (route, attribute) in ROUTES.items()
            if name in self.enabled_views
        ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ROUTES:
            if name not in self.enabled_views and f"{name}_url_name" in view_kwargs:
                view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def register_admin_url_finder(self):
        if "edit" in self.enabled_views:
            super().register_admin_url_finder()


class ListQuerysetMixin:
    """The list's queryset, with what its columns need joined or prefetched.

    Wagtail's ModelViewSet (unlike SnippetViewSet) has no get_queryset(request); its index view
    takes a `queryset` instead.
    """

    def get_list_queryset(self):
        return None

    def get_index_view_kwargs(self, **kwargs):
        queryset = self.get_list_queryset()
        if queryset is not None:
            kwargs.setdefault("queryset", queryset)
        return super().get_index_view_kwargs(**kwargs)


class InvitationCreateView(CreateView):
    """Staff invite the first members of an organisation; the email goes out on save."""

    def save_instance(self):
        model = self.model
        data = self.form.cleaned_data
        invitation, raw_token = model.create_for(
            data[model.organisation_field],
            data["email"],
            data["role"],
            invited_by=self.request.user,
        )
        send_templated_email(
            "invitation",
            {
                "invitation": invitation,
                "organisation": invitation.organisation,
                "inviter": self.request.user,
                "accept_url": self.request.build_absolute_uri(
                    reverse("invitation_accept", args=[raw_token])
                ),
            },
            to=[invitation.email],
        )
        return invitation


class InvitationViewSet(ListQuerysetMixin, ModelViewSet):
    """Invitations of one kind of organisation; the subclass sets `model`."""

    add_view_class = InvitationCreateView
    icon = "mail"
    inspect_view_enabled = True
    list_filter = ["role"]
    search_fields = ["email"]
    ordering = ["-created_at"]
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        organisation = self.model.organisation_field
        self.form_fields = [organisation, "email", "role"]
        self.list_display = [
            "email",
            organisation,
            "role",
            "get_status_display",
            "created_at",
            "expires_at",
        ]
        super().__init__(*args, **kwargs)

    def get_list_queryset(self):
        return self.model.objects.select_related(self.model.organisation_field)


class MembershipViewSet(ListQuerysetMixin, ModelViewSet):
    """Members of one kind of organisation; staff change a role or remove a member."""

    icon = "user"
    form_fields = ["role"]
    list_filter = ["role"]
    add_to_admin_menu = False
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        organisation = self.model.organisation_field
        self.list_display = ["user", organisation, "role", "created_at"]
        self.search_fields = ["user__last_name", f"{organisation}__name"]
        super().__init__(*args, **kwargs)

    def get_list_queryset(self):
        return self.model.objects.select_related("user", self.model.organisation_field)
