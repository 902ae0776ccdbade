"""Who sees which contributor's pages: a table of role, view and object → status.

A contributor sees only their own contributions and agreement: another's answers 404 (also when
ids are guessed), the staff pages 403. Programme staff (Programmamaker, superusers) see all;
other staff, even with admin access, see none of it (the register's purpose names only the
Programmamaker)."""

import pytest
from django.core.files.base import ContentFile

from portal.roles import Role
from programme.models import Contribution
from tests.factories.portal import UserFactory
from tests.factories.programme import ContributionFactory, filled_in, programmer

pytestmark = pytest.mark.django_db

OWN, OTHER = "own", "other"


@pytest.fixture
def world():
    """Two contributors with one contribution each (with an agreement letter and invoice)."""
    own = filled_in(status="agreement_sent")
    other = filled_in(status="agreement_sent")
    for contribution in (own, other):
        contribution.agreement.save("o.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        contribution.invoice.save("f.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {OWN: own, OTHER: other}


def person(kind, world):
    if kind == "anonymous":
        return None
    if kind == "contributor":
        return world[OWN].contributor
    if kind == "programmer":
        return programmer()
    if kind == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    if kind == "fund_manager":
        return UserFactory(is_staff=True, groups=[Role.FUND_MANAGER])
    if kind == "editor":
        return UserFactory(is_staff=True, groups=[Role.EDITOR])
    return UserFactory()  # someone with an account, no contribution


CONTRIBUTOR_VIEWS = {
    "mine_detail": "/mijn/programma/bijdragen/{pk}/",
    "agreement": "/mijn/programma/bijdragen/{pk}/overeenkomst/",
    "invoice": "/mijn/programma/bijdragen/{pk}/factuur/",
}
STAFF_VIEWS = {
    "staff_list": "/mijn/programma/bijdragers/",
    "planning": "/mijn/programma/planning/",
    "staff_detail": "/mijn/programma/bijdragers/{pk}/",
    "activity": "/mijn/programma/activiteiten/{activity}/",
}

LOGIN = 302
# (who, view, whose contribution) → status
TABLE = [
    # The contributor: their own, never another's.
    ("contributor", "mine_detail", OWN, 200),
    ("contributor", "mine_detail", OTHER, 404),
    ("contributor", "agreement", OWN, 200),
    ("contributor", "agreement", OTHER, 404),
    ("contributor", "invoice", OWN, 200),
    ("contributor", "invoice", OTHER, 404),
    ("contributor", "staff_list", OWN, 403),
    ("contributor", "planning", OWN, 403),
    ("contributor", "staff_detail", OWN, 403),
    ("contributor", "activity", OWN, 403),
    # Someone with an account but no contribution.
    ("member", "mine_detail", OWN, 404),
    ("member", "agreement", OWN, 404),
    ("member", "staff_detail", OWN, 403),
    # Programme staff and superusers.
    ("programmer", "staff_list", OWN, 200),
    ("programmer", "planning", OWN, 200),
    ("programmer", "staff_detail", OTHER, 200),
    ("programmer", "activity", OTHER, 200),
    ("programmer", "agreement", OTHER, 200),
    ("programmer", "invoice", OTHER, 200),
    ("programmer", "mine_detail", OTHER, 404),  # the contributor's form is theirs alone
    ("superuser", "staff_detail", OWN, 200),
    ("superuser", "planning", OWN, 200),
    # Other staff: not the purpose of their role.
    ("fund_manager", "staff_list", OWN, 403),
    ("fund_manager", "planning", OWN, 403),
    ("fund_manager", "staff_detail", OWN, 403),
    ("fund_manager", "agreement", OWN, 404),
    ("editor", "activity", OWN, 403),
    ("editor", "invoice", OWN, 404),
    # Nobody logged in: the login page.
    ("anonymous", "mine_detail", OWN, LOGIN),
    ("anonymous", "agreement", OWN, LOGIN),
    ("anonymous", "staff_detail", OWN, LOGIN),
    ("anonymous", "planning", OWN, LOGIN),
]


@pytest.mark.parametrize("who, view, whose, expected", TABLE)
def test_permission_table(client, world, who, view, whose, expected):
    user = person(who, world)
    if user is not None:
        client.force_login(user)
    contribution = world[whose]
    template = {**CONTRIBUTOR_VIEWS, **STAFF_VIEWS}[view]
    url = template.format(pk=contribution.pk, activity=contribution.activity_id)
    response = client.get(url)
    assert response.status_code == expected, (who, view, whose, url)
    if expected == LOGIN:
        assert response["Location"].startswith("/account/login/")


def test_guessing_ids_finds_nothing_of_anyone_else(client, world):
    contributor = world[OWN].contributor
    client.force_login(contributor)
    others = Contribution.objects.exclude(contributor=contributor).values_list("pk", flat=True)
    highest = Contribution.objects.order_by("-pk").values_list("pk", flat=True).first()
    for pk in [*others, highest + 1, highest + 1000, 0]:
        for template in CONTRIBUTOR_VIEWS.values():
            assert client.get(template.format(pk=pk)).status_code == 404, (pk, template)
        assert client.post(f"/mijn/programma/bijdragen/{pk}/akkoord/").status_code == 404
    assert Contribution.objects.get(pk=world[OTHER].pk).status == "agreement_sent"


def test_a_contributor_cannot_take_staff_steps(client, world):
    own = world[OWN]
    client.force_login(own.contributor)
    for step in ["send_agreement", "mark_performed", "approve_fee", "cancel"]:
        response = client.post(f"/mijn/programma/bijdragers/{own.pk}/stap/{step}/")
        assert response.status_code == 403, step
    own.refresh_from_db()
    assert own.status == "agreement_sent"


def test_only_the_contributor_accepts_the_agreement_not_staff(client, world):
    own = world[OWN]
    client.force_login(programmer())
    client.post(f"/mijn/programma/bijdragen/{own.pk}/akkoord/")
    own.refresh_from_db()
    assert own.agreement_accepted_at is None
    client.force_login(own.contributor)
    client.post(f"/mijn/programma/bijdragen/{own.pk}/akkoord/")
    own.refresh_from_db()
    assert own.agreement_accepted_by == own.contributor


def test_the_public_photo_answers_only_for_approved_content(client, world):
    unapproved = ContributionFactory()
    assert client.get(f"/mijn/programma/foto/{unapproved.public_id}/").status_code == 404
