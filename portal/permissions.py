"""The shared shape of "may this person do this to that organisation".

Each domain app subclasses `MembershipPolicy` in its own `permissions.py` for its kind of
organisation (schools, providers) and routes every view and queryset through it. Membership is
the only way in: a pending invitation gives no access at all.
"""

from django.http import Http404


class MembershipPolicy:
    organisation_model = None
    membership_model = None
    invitation_model = None
    # Roles whose members may invite and remove other members.
    manager_roles: frozenset[str] = frozenset()
    # Roles whose members may edit the organisation's own details.
    editor_roles: frozenset[str] = frozenset()

    @property
    def organisation_field(self):
        return self.membership_model.organisation_field

    # --- querysets ---------------------------------------------------------------------------
    def memberships_of(self, user):
        if not user.is_authenticated:
            return self.membership_model.objects.none()
        return self.membership_model.objects.filter(user=user)

    def memberships_with_organisation(self, user):
        """The person's memberships with their organisations, by organisation name."""
        field = self.organisation_field
        return self.memberships_of(user).select_related(field).order_by(f"{field}__name")

    def organisations_for(self, user):
        """The organisations this person is a member of."""
        if not user.is_authenticated:
            return self.organisation_model.objects.none()
        ids = self.memberships_of(user).values(f"{self.organisation_field}_id")
        return self.organisation_model.objects.filter(pk__in=ids)

    # --- single questions --------------------------------------------------------------------
    def membership(self, user, organisation):
        return (
            self.memberships_of(user)
            .filter(**{self.organisation_field: organisation})
            .select_related(self.organisation_field)
            .first()
        )

    def role(self, user, organisation):
        membership = self.membership(user, organisation)
        return membership.role if membership else None

    def can_view(self, user, organisation) -> bool:
        return self.role(user, organisation) is not None

    def can_manage_members(self, user, organisation) -> bool:
        return self.role(user, organisation) in self.manager_roles

    def can_edit(self, user, organisation) -> bool:
        return self.role(user, organisation) in self.editor_roles

    def get_for_member_or_404(self, user, pk):
        """The organisation with this id, if the person is a member; otherwise 404.

        404 rather than 403, so that nobody learns which ids exist.
        """
        organisation = self.organisations_for(user).filter(pk=pk).first()
        if organisation is None:
            raise Http404
        return organisation

    def is_last_manager(self, membership) -> bool:
        if membership.role not in self.manager_roles:
            return False
        others = (
            self.membership_model.objects.filter(
                **{self.organisation_field: membership.organisation},
                role__in=self.manager_roles,
            )
            .exclude(pk=membership.pk)
            .exists()
        )
        return not others
