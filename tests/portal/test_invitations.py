"""Membership only by an accepted invitation (the seed: access only when the person agrees)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from listings.models import ProviderMembership
from schools.models import SchoolInvitation, SchoolMembership, SchoolRole
from tests.factories.listings import ProviderFactory, provider_invitation
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory, school_invitation

pytestmark = pytest.mark.django_db

INVITEE = "nieuwe.collega@voorbeeld.test"


@pytest.fixture
def school():
    return SchoolFactory(name="OBS De Toekomst")


@pytest.fixture
def invitee():
    return UserFactory(email=INVITEE, first_name="Nina", last_name="Nieuw")


def memberships():
    return SchoolMembership.objects.count() + ProviderMembership.objects.count()


def test_invited_person_who_has_not_accepted_sees_nothing_of_the_school(client, school, invitee):
    invitation, _token = school_invitation(school, INVITEE)
    client.force_login(invitee)
    assert client.get(f"/mijn/scholen/{school.pk}/").status_code == 404
    dashboard = client.get("/mijn/").content.decode()
    # The dashboard offers the invitation, but no link into the school.
    assert "OBS De Toekomst" in dashboard
    assert f"/mijn/scholen/{school.pk}/" not in dashboard
    assert invitation.status == "pending"


def test_accepting_by_link_makes_a_member(client, school, invitee):
    _invitation, token = school_invitation(school, INVITEE, SchoolRole.VAKDOCENT)
    client.force_login(invitee)
    page = client.get(f"/uitnodiging/{token}/")
    assert page.status_code == 200
    assert "OBS De Toekomst" in page.content.decode()
    response = client.post(f"/uitnodiging/{token}/", {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"/mijn/scholen/{school.pk}/"
    membership = SchoolMembership.objects.get(school=school, user=invitee)
    assert membership.role == SchoolRole.VAKDOCENT
    assert client.get(f"/mijn/scholen/{school.pk}/").status_code == 200


def test_accepting_from_the_dashboard(client, school, invitee):
    invitation, _token = school_invitation(school, INVITEE)
    client.force_login(invitee)
    response = client.post(f"/mijn/uitnodigingen/school/{invitation.pk}/", {"action": "accept"})
    assert response.status_code == 302
    assert SchoolMembership.objects.filter(school=school, user=invitee).exists()


def test_declining_changes_nothing_and_closes_the_invitation(client, school, invitee):
    invitation, token = school_invitation(school, INVITEE)
    client.force_login(invitee)
    client.post(f"/uitnodiging/{token}/", {"action": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert memberships() == 0


@pytest.mark.parametrize(
    ("spoil", "message", "status"),
    [
        ("expired", "Deze uitnodiging is verlopen.", 410),
        ("used", "Deze uitnodiging is al gebruikt.", 410),
        ("revoked", "Deze uitnodiging is ingetrokken", 410),
        ("forged", "Deze uitnodigingslink klopt niet.", 404),
    ],
)
def test_unusable_invitation_gives_a_clear_message_and_changes_nothing(
    client, school, invitee, spoil, message, status
):
    invitation, token = school_invitation(school, INVITEE)
    if spoil == "expired":
        SchoolInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    elif spoil == "used":
        other = UserFactory()
        EmailAddress.objects.create(user=other, email=INVITEE.upper(), verified=True)
        invitation.accept(other)
    elif spoil == "revoked":
        invitation.revoke()
    elif spoil == "forged":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    before = memberships()
    client.force_login(invitee)
    for response in (
        client.get(f"/uitnodiging/{token}/"),
        client.post(f"/uitnodiging/{token}/", {"action": "accept"}),
    ):
        assert response.status_code == status
        assert message in response.content.decode()
    assert memberships() == before
    assert not SchoolMembership.objects.filter(user=invitee).exists()


def test_invitation_for_another_address_cannot_be_accepted(client, school):
    _invitation, token = school_invitation(school, INVITEE)
    stranger = UserFactory(email="iemand.anders@voorbeeld.test")
    client.force_login(stranger)
    assert client.get(f"/uitnodiging/{token}/").status_code == 403
    response = client.post(f"/uitnodiging/{token}/", {"action": "accept"})
    assert response.status_code == 403
    assert "ander e-mailadres" in response.content.decode()
    assert memberships() == 0


def test_unverified_address_is_not_enough(client, school):
    _invitation, token = school_invitation(school, INVITEE)
    unverified = UserFactory(email=INVITEE, verified=False)
    EmailAddress.objects.create(user=unverified, email=INVITEE, verified=False)
    client.force_login(unverified)
    response = client.post(f"/uitnodiging/{token}/", {"action": "accept"})
    assert response.status_code == 403
    assert memberships() == 0


def test_anonymous_visitor_is_asked_to_log_in_and_can_sign_up_without_second_mail(client, school):
    _invitation, token = school_invitation(school, INVITEE)
    page = client.get(f"/uitnodiging/{token}/")
    assert page.status_code == 200
    assert f"/account/login/?next=/uitnodiging/{token}/" in page.content.decode()
    client.post(
        "/account/signup/",
        {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": INVITEE,
            "password1": "Lange-zin-voor-Nina-42",
            "password2": "Lange-zin-voor-Nina-42",
        },
    )
    # The link reached the invited address, so that address counts as verified at once.
    assert EmailAddress.objects.get(email=INVITEE).verified
    assert len(mail.outbox) == 0
    response = client.post(f"/uitnodiging/{token}/", {"action": "accept"})
    assert response.status_code == 302
    assert SchoolMembership.objects.filter(school=school, user__email=INVITEE).exists()


def test_a_new_invitation_replaces_the_previous_link(client, school, invitee):
    _first, old_token = school_invitation(school, INVITEE)
    _second, new_token = school_invitation(school, INVITEE)
    client.force_login(invitee)
    assert client.post(f"/uitnodiging/{old_token}/", {"action": "accept"}).status_code == 410
    assert client.post(f"/uitnodiging/{new_token}/", {"action": "accept"}).status_code == 302


def test_provider_invitation_works_the_same_way(client, invitee):
    provider = ProviderFactory(name="Dansgroep Sprong")
    _invitation, token = provider_invitation(provider, INVITEE)
    client.force_login(invitee)
    assert client.get(f"/mijn/aanbieders/{provider.pk}/").status_code == 404
    client.post(f"/uitnodiging/{token}/", {"action": "accept"})
    assert client.get(f"/mijn/aanbieders/{provider.pk}/").status_code == 200


def test_token_is_not_stored(school):
    invitation, token = school_invitation(school, INVITEE)
    stored = SchoolInvitation.objects.filter(pk=invitation.pk).values_list(flat=True)
    assert token not in str(list(SchoolInvitation.objects.filter(pk=invitation.pk).values()))
    assert stored.exists()


def test_manager_invites_by_email_and_the_mail_holds_the_only_link(client, school):
    director = SchoolMembershipFactory(school=school, role=SchoolRole.DIRECTIE).user
    client.force_login(director)
    response = client.post(
        f"/mijn/scholen/{school.pk}/", {"email": "Collega@Voorbeeld.test", "role": "vakdocent"}
    )
    assert response.status_code == 302
    invitation = SchoolInvitation.objects.get(school=school)
    assert invitation.email == "collega@voorbeeld.test"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["collega@voorbeeld.test"]
    assert "OBS De Toekomst" in message.subject
    assert "/uitnodiging/" in message.body
    # The HTML part loads nothing from anywhere: no images, no tracking.
    html = message.alternatives[0][0]
    assert "<img" not in html


def test_staff_invite_the_first_member_from_the_admin(client, school):
    from portal.roles import Role

    client.force_login(UserFactory(groups=[Role.FUND_MANAGER]))
    response = client.post(
        "/admin/schools/invitations/new/",
        {"school": school.pk, "email": "eerste.directeur@voorbeeld.test", "role": "directie"},
    )
    assert response.status_code == 302
    invitation = SchoolInvitation.objects.get(school=school)
    assert (invitation.email, invitation.role, invitation.status) == (
        "eerste.directeur@voorbeeld.test",
        "directie",
        "pending",
    )
    assert mail.outbox[0].to == ["eerste.directeur@voorbeeld.test"]
    assert "/uitnodiging/" in mail.outbox[0].body
    # The admin shows the invitation without its link.
    listing = client.get("/admin/schools/invitations/").content.decode()
    assert "eerste.directeur@voorbeeld.test" in listing
    assert invitation.token_hash not in listing


def test_the_admin_loads_no_avatars_from_other_hosts(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
