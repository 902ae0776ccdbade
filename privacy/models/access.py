from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.personal_data import personal_data
from privacy import purposes


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")


@personal_data(
    purpose=purposes.TOEGANGSLOG,
    fields=["user"],
    subject="user",
    ended="at",
    label=_("Access to personal data by you as staff"),
)
class AccessLogEntry(models.Model):
    """Staff opened or exported a record with personal data.

    Holds the record's type and id and the purpose, never a value from the record: not even its
    string representation, which may contain a name.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=50, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("record number"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("number of records"), default=1)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.content_type.model} #{self.object_id}"
