"""Membership of an organisation (a school, a provider) and the invitations that lead to it.

A person becomes a member only by accepting an invitation sent to an email address they have
verified (the seed: access to someone else's data only when that person agrees). Each domain app
defines concrete models for its own organisation type and registers the invitation model, so that
one acceptance page serves every kind.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

invitation_models: dict[str, type["AbstractInvitation"]] = {}


def register_invitation_model(model):
    """Class decorator: make an invitation model reachable from the acceptance page."""
    invitation_models[model.kind] = model
    return model


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


class InvitationError(Exception):
    """An invitation cannot be used; `message` is what the person reads."""

    def __init__(self, message, status=410):
        super().__init__(message)
        self.message = message
        self.status = status


class AbstractMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
    )
    role = models.CharField(_("role"), max_length=32)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Name of the foreign key to the organisation, set by each concrete model.
    organisation_field: ClassVar[str]

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_role_display()} · {self.organisation}"

    @property
    def organisation(self):
        return getattr(self, self.organisation_field)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )

    def for_user(self, user):
        """Pending invitations addressed to one of the user's verified email addresses."""
        from allauth.account.models import EmailAddress

        emails = EmailAddress.objects.filter(user=user, verified=True).values("email")
        return self.pending().filter(email__in=emails)


class AbstractInvitation(models.Model):
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=32)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    # Set by each concrete model.
    kind: ClassVar[str]
    organisation_field: ClassVar[str]
    membership_model: ClassVar[type[AbstractMembership]]

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_role_display()} · {self.organisation}"

    @property
    def organisation(self):
        return getattr(self, self.organisation_field)

    # --- state --------------------------------------------------------------------------------
    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.declined_at:
            return "declined"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self):
        return {
            "accepted": _("accepted"),
            "declined": _("declined"),
            "revoked": _("revoked"),
            "expired": _("expired"),
            "pending": _("waiting for an answer"),
        }[self.status]

    get_status_display.short_description = _("status")

    def check_usable(self):
        status = self.status
        if status == "accepted":
            raise InvitationError(_("This invitation has already been used."))
        if status == "declined":
            raise InvitationError(_("This invitation has been declined and can no longer be used."))
        if status == "revoked":
            raise InvitationError(_("This invitation has been withdrawn by the organisation."))
        if status == "expired":
            raise InvitationError(
                _("This invitation has expired. Ask the organisation to send you a new one.")
            )

    def is_addressed_to(self, user) -> bool:
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(
            user=user, verified=True, email__iexact=self.email
        ).exists()

    # --- creating -----------------------------------------------------------------------------
    @classmethod
    def create_for(cls, organisation, email, role, invited_by):
        """Create an invitation and return it with the raw token (only ever sent by email).

        An earlier pending invitation of the same address to the same organisation is withdrawn,
        so only the newest link works.
        """
        email = email.strip().lower()
        raw_token = secrets.token_urlsafe(32)
        now = timezone.now()
        with transaction.atomic():
            cls.objects.pending().filter(
                **{cls.organisation_field: organisation, "email": email}
            ).update(revoked_at=now)
            invitation = cls.objects.create(
                **{cls.organisation_field: organisation},
                email=email,
                role=role,
                token_hash=hash_token(raw_token),
                expires_at=now + timedelta(days=settings.PORTAL_INVITATION_VALID_DAYS),
                invited_by=invited_by,
            )
        return invitation, raw_token

    # --- answering ----------------------------------------------------------------------------
    def _lock(self):
        return type(self).objects.select_for_update().get(pk=self.pk)

    def accept(self, user):
        """Make `user` a member. Raises InvitationError and changes nothing if it cannot."""
        with transaction.atomic():
            invitation = self._lock()
            invitation.check_usable()
            if not invitation.is_addressed_to(user):
                raise InvitationError(
                    _(
                        "This invitation was sent to another email address. Log in with that "
                        "address, or add and verify it under your account's email addresses."
                    ),
                    status=403,
                )
            membership, created = self.membership_model.objects.get_or_create(
                **{self.organisation_field: invitation.organisation, "user": user},
                defaults={"role": invitation.role, "invited_by": invitation.invited_by},
            )
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
        self.refresh_from_db()
        return membership, created

    def decline(self, user):
        with transaction.atomic():
            invitation = self._lock()
            invitation.check_usable()
            if not invitation.is_addressed_to(user):
                raise InvitationError(_("This invitation was sent to another email address."), 403)
            invitation.declined_at = timezone.now()
            invitation.save(update_fields=["declined_at"])
        self.refresh_from_db()

    def revoke(self):
        with transaction.atomic():
            invitation = self._lock()
            invitation.check_usable()
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
        self.refresh_from_db()


def find_invitation(raw_token: str):
    """The invitation a token belongs to, of whatever kind, or None."""
    token_hash = hash_token(raw_token)
    for model in invitation_models.values():
        invitation = model.objects.filter(token_hash=token_hash).first()
        if invitation is not None:
            return invitation
    return None
