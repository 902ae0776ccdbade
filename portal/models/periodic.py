from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.personal_data import no_personal_data


@no_personal_data(name="the name of a job", last_error="a traceback of our code, no values")
class PeriodicJobRun(models.Model):
    """When each periodic job last ran; also the claim that stops two servers running it twice."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_succeeded_at = models.DateTimeField(_("last succeeded"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name
