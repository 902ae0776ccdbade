from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from portal.personal_data import personal_data


class EmailUserManager(UserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


@personal_data(
    purpose="accounts",
    fields=["first_name", "last_name", "email", "password", "last_login"],
    subject="pk",
    # An account's purpose ends when it is no longer used.
    ended=lambda: Coalesce("last_login", "date_joined"),
    # Email is the unique login: an account that must stay (a financial record links to it)
    # gets an address that is unique and reaches no one.
    anonymised={"email": Concat(Value("anoniem-"), Cast("pk", CharField()), Value("@invalid"))},
    label=_("Your account"),
)
class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        # Shown in admin choosers and logs of who did what; never the email address.
        return self.get_full_name() or _("User %(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
