"""Purpose-bound access: staff see a purpose's personal data only through the roles the purpose
names in the register, and every look is written to the access log.

- `staff_can_see(user, purpose)`: the one question every staff view asks.
- `log_access(...)`: one access-log entry; no personal values, only type, id and purpose.
- `PurposeBoundViewSet`: a Wagtail ModelViewSet whose every view first asks the question (403
  otherwise) and logs what it showed, exported, changed or deleted.
- `PurposeRequiredMixin`: the same for the portal's own staff views outside the admin.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.template.response import TemplateResponse
from wagtail.admin.viewsets.model import ModelViewSet

from portal.personal_data import declaration_for
from privacy.models import AccessAction, AccessLogEntry, Purpose


def purposes_of(user) -> frozenset[str]:
    """Codes of the purposes whose data this person may see as staff (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_privacy_purposes", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Purpose.objects.values_list("code", flat=True))
        else:
            cached = frozenset(
                Purpose.objects.filter(is_active=True, roles__user=user)
                .values_list("code", flat=True)
                .distinct()
            )
        user._privacy_purposes = cached
    return cached


def staff_can_see(user, purpose: str) -> bool:
    return purpose in purposes_of(user)


def require_purpose(user, purpose: str) -> None:
    if not staff_can_see(user, purpose):
        raise PermissionDenied


def forbidden(request):
    """The 403 page. Admin views answer with it directly: raised, PermissionDenied would be
    turned into a redirect to the admin's home by Wagtail."""
    return TemplateResponse(request, "403.html", status=403)


def purpose_of(model) -> str:
    declaration = declaration_for(model)
    if declaration is None:
        raise ImproperlyConfigured(f"{model._meta.label} declares no personal data")
    return declaration.purpose


def log_access(user, *, model, purpose, action=AccessAction.VIEW, object_id="", count=1):
    """Record that a staff member looked at (or exported, changed, deleted) personal data."""
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        purpose=purpose,
        action=action,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(object_id or ""),
        count=count,
    )


class PurposeRequiredMixin:
    """For the portal's staff views: 403 unless the person's role may see `purpose`."""

    purpose: str | None = None

    def dispatch(self, request, *args, **kwargs):
        require_purpose(request.user, self.purpose)
        return super().dispatch(request, *args, **kwargs)


class AdminAccessMixin:
    """Mixed into every view of a PurposeBoundViewSet (see there)."""

    purpose: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # the admin sends them to log in
        if not staff_can_see(request.user, self.purpose):
            return forbidden(request)
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code < 400:
            self._log(request, response)
        return response

    def _log(self, request, response):
        obj = getattr(self, "object", None)
        if obj is not None and getattr(obj, "pk", None) is not None:
            if request.method == "POST":
                action = (
                    AccessAction.DELETE
                    if "delete" in type(self).__name__.lower()
                    else (AccessAction.CHANGE)
                )
            else:
                action = AccessAction.VIEW
            log_access(
                request.user,
                model=self.model,
                purpose=self.purpose,
                action=action,
                object_id=obj.pk,
            )
            return
        if request.method != "GET":
            return
        context = getattr(response, "context_data", None) or {}
        rows = context.get("object_list")
        if rows is None:
            return
        exporting = bool(request.GET.get("export"))
        log_access(
            request.user,
            model=self.model,
            purpose=self.purpose,
            action=AccessAction.EXPORT if exporting else AccessAction.VIEW,
            count=len(rows) if hasattr(rows, "__len__") else 0,
        )


VIEW_CLASS_ATTRIBUTES = (
    "index_view_class",
    "add_view_class",
    "edit_view_class",
    "delete_view_class",
    "inspect_view_class",
    "history_view_class",
    "usage_view_class",
    "copy_view_class",
)


class PurposeBoundViewSet(ModelViewSet):
    """A ModelViewSet over a model with personal data, bound to that model's purpose.

    Every view answers 403 to staff whose roles the purpose does not name, and writes an
    access-log entry for each record shown, changed or deleted and each list shown or exported.
    """

    purpose: str | None = None

    def __init__(self, *args, **kwargs):
        purpose = self.purpose or purpose_of(self.model)
        for attribute in VIEW_CLASS_ATTRIBUTES:
            view_class = getattr(self, attribute, None)
            if view_class is None or issubclass(view_class, AdminAccessMixin):
                continue
            bound = type(
                f"PurposeBound{view_class.__name__}",
                (AdminAccessMixin, view_class),
                {"purpose": purpose},
            )
            setattr(self, attribute, bound)
        super().__init__(*args, **kwargs)
