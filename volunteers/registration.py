"""Registering without an account: a confirmation link by email, and the participant's own page.

Links carry no personal data: the token holds the programme, the record's id and a keyed hash of
the address (never the address itself), signed so nobody can make one up. A confirmation link
works for 7 days; a registration nobody confirmed is deleted after that (volunteers/jobs.py).
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from portal.emails import send_templated_email
from volunteers.models import Role
from volunteers.programmes import PROGRAMMES

CONFIRM_SALT = "volunteers.confirm"
OWN_PAGE_SALT = "volunteers.own-page"
CONFIRM_DAYS = 7
CONFIRM_MAX_AGE = CONFIRM_DAYS * 24 * 3600
UNCONFIRMED_KEPT = timedelta(days=CONFIRM_DAYS)


class InvalidLink(Exception):
    """Changed, made up, expired, or the registration is gone."""


def _address_hash(person, salt) -> str:
    return salted_hmac(salt, person.email.strip().lower()).hexdigest()[:20]


def make_token(person, salt) -> str:
    payload = {"g": person.programme, "p": person.pk, "h": _address_hash(person, salt)}
    return signing.dumps(payload, salt=salt, compress=True)


def read_token(token, salt, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        programme = PROGRAMMES[data["g"]]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise InvalidLink from error
    person = programme.model.objects.filter(pk=data.get("p")).first()
    if person is None or not constant_time_compare(data.get("h", ""), _address_hash(person, salt)):
        raise InvalidLink
    return person


def absolute(base_url, path):
    return base_url.rstrip("/") + path


def confirm_url(person, base_url) -> str:
    return absolute(
        base_url,
        reverse(
            "volunteers:confirm",
            kwargs={"programme": person.programme, "token": make_token(person, CONFIRM_SALT)},
        ),
    )


def own_page_url(person, base_url) -> str:
    return absolute(
        base_url, reverse("volunteers:own_page", args=[make_token(person, OWN_PAGE_SALT)])
    )


def send_confirmation(person, base_url):
    send_templated_email(
        "volunteers_confirm",
        {
            "programme": PROGRAMMES[person.programme].name,
            "first_name": person.first_name,
            "confirm_url": confirm_url(person, base_url),
            "valid_days": CONFIRM_DAYS,
        },
        to=[person.email],
        language=person.language,
    )


def send_welcome(person, base_url):
    """After confirming: what happens next; participants get the link to their own page."""
    own_page = ""
    if person.programme == "taalpunt" and person.role == Role.PARTICIPANT:
        own_page = own_page_url(person, base_url)
    send_templated_email(
        "volunteers_welcome",
        {
            "programme": PROGRAMMES[person.programme].name,
            "first_name": person.first_name,
            "own_page_url": own_page,
        },
        to=[person.email],
        language=person.language,
    )
