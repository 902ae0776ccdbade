from django.db import models

from portal.personal_data import personal_data


class Volunteer(models.Model):
    """Holds a phone number and notes about a person, and declares neither."""

    phone = models.CharField(max_length=20)
    notes = models.TextField()
    shoe_size = models.PositiveSmallIntegerField()

    def __str__(self):
        return f"Volunteer #{self.pk}"


@personal_data(purpose="marketing-lists", fields=["email"], subject_email="email")
class Prospect(models.Model):
    """Declared, but for a purpose the register does not have."""

    email = models.EmailField()

    def __str__(self):
        return f"Prospect #{self.pk}"


@personal_data(
    purpose="fonds-buurtcultuur", fields=["applicant"], subject="applicant", ended="decided_at"
)
class Grant(models.Model):
    """Under a purpose that anonymises, with a link to a person that cannot be emptied."""

    applicant = models.ForeignKey("portal.User", on_delete=models.CASCADE)
    decided_at = models.DateTimeField()

    def __str__(self):
        return f"Grant #{self.pk}"
