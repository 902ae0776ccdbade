"""After the decision: instalments paid through the payments module, the report, the letters."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funds.models.applications import PURPOSE, Application, application_ended, private_storage
from funds.models.pages import MONEY
from portal.personal_data import personal_data


class InstalmentKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    FINAL = "final", _("Final payment")
    RECLAIM = "reclaim", _("Reclaim")


class Instalment(models.Model):
    """One planned amount of a grant: paid out through payments.Payment, or (a reclaim) paid back
    by the grantee."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="instalments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InstalmentKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    payment = models.OneToOneField(
        "payments.Payment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instalment",
    )
    # For a reclaim: when the money came back.
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    created_at = models.DateTimeField(_("planned"), auto_now_add=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_instalment_per_kind")
        ]

    def __str__(self):
        return f"{self.application} {self.get_kind_display()}"


@personal_data(
    purpose=PURPOSE,
    fields=["content_report"],
    subject="application__applicant",
    ended=lambda: application_ended("application__"),
    label=_("Your report on the project"),
)
class Report(models.Model):
    """The verantwoording: what was done and what it cost, in proportion to the grant."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="report")
    due_date = models.DateField(_("due"))
    content_report = models.TextField(_("what was done"), blank=True)
    participants = models.PositiveIntegerField(_("participants reached"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminder_before_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_after_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.application} #{self.pk}"


class LetterKind(models.TextChoices):
    GRANT = "grant", _("Grant decision")
    REJECTION = "rejection", _("Rejection")
    SETTLEMENT = "settlement", _("Final determination (vaststelling)")
    RECLAIM = "reclaim", _("Reclaim")


def letter_path(instance, filename):
    return f"funds/{instance.application_id}/letters/{uuid.uuid4().hex}.pdf"


@personal_data(
    purpose=PURPOSE,
    fields=["file"],
    files=["file"],
    subject="application__applicant",
    ended=lambda: application_ended("application__"),
    label=_("A letter about your application"),
)
class Letter(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    file = models.FileField(_("letter"), storage=private_storage, upload_to=letter_path)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("funds:letter", args=[self.application_id, self.pk])
