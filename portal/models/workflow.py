from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowEvent(models.Model):
    """One step in the history of an object with a workflow (portal.workflow): who took which
    step, from which status to which. A concrete event model adds the ForeignKey to its object
    (related_name="events"), names it in `object_field`, and gives the statuses their choices."""

    object_field: str  # the name of the ForeignKey to the object whose history this is

    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    transition = models.CharField(_("step"), max_length=40)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.transition} #{self.pk}"

    @classmethod
    def record(cls, obj, actor, step: str, from_status: str | None = None, note: str = ""):
        """Write one step of `obj`'s history; it ends in the object's status as it is now."""
        fields = {"note": note} if note else {}
        return cls.objects.create(
            **{cls.object_field: obj},
            actor=actor,
            transition=step,
            from_status=from_status or obj.status,
            to_status=obj.status,
            **fields,
        )
