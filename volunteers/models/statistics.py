"""The anonymised statistics of Taalpunt participants, for the national Taalpunt figures.

One row per confirmed participant, written when they confirm, with coarse attributes only and
nothing that leads back to them: no link, no id in common (a random UUID as key, so not even the
order of rows follows the people table), no date finer than the month. Deleting the person
(retention, erasure) leaves the row as it is.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.fields import WijkField
from portal.personal_data import personal_data
from privacy import purposes
from volunteers.models.choices import ActivityKind, AgeBand, Gender, HowHeard, LanguageGroup


@personal_data(
    purpose=purposes.TAALPUNT_STATISTIEK,
    fields=[],
    label=_("anonymised Taalpunt statistics (no person)"),
)
class StatisticsRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.DateField(_("month of registration"), help_text=_("Always the 1st."))
    age_band = models.CharField(_("age group"), max_length=10, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    language_group = models.CharField(
        _("first-language group"), max_length=20, choices=LanguageGroup.choices
    )
    wijk = WijkField()
    how_heard = models.CharField(_("how they heard of us"), max_length=20, choices=HowHeard.choices)
    activity_kind = models.CharField(_("activity"), max_length=20, choices=ActivityKind.choices)

    class Meta:
        verbose_name = _("Taalpunt statistics row")
        verbose_name_plural = _("Taalpunt statistics")
        # No ordering by anything that could follow registration order.
        indexes = [models.Index(fields=["period"])]

    def __str__(self):
        return f"{self.period:%Y-%m}"
