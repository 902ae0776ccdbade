"""The two programmes and who may coordinate them: the one place that answers "may this user
see these people". A coordinator's role gives access through the purpose in the register
(privacy.access): the VoorleesExpress purpose names Coördinator VoorleesExpress, the Taalpunt
purpose Coördinator Taalpunt, so each sees only their own programme's people.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from privacy import purposes
from privacy.access import staff_can_see
from volunteers.models import (
    ReadingMessage,
    ReadingVolunteer,
    ReadingVolunteerEvent,
    Role,
    TaalpuntEvent,
    TaalpuntMessage,
    TaalpuntPerson,
)

VOORLEESEXPRESS = "voorleesexpress"
TAALPUNT = "taalpunt"

# The kinds of people the status flow distinguishes.
READING_VOLUNTEER = "voorleesexpress"
TAALPUNT_VOLUNTEER = "taalpunt-volunteer"
TAALPUNT_PARTICIPANT = "taalpunt-participant"


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    purpose: str
    model: type
    event_model: type
    message_model: type


PROGRAMMES = {
    VOORLEESEXPRESS: Programme(
        VOORLEESEXPRESS,
        "VoorleesExpress",
        purposes.VOORLEESEXPRESS,
        ReadingVolunteer,
        ReadingVolunteerEvent,
        ReadingMessage,
    ),
    TAALPUNT: Programme(
        TAALPUNT, "Taalpunt", purposes.TAALPUNT, TaalpuntPerson, TaalpuntEvent, TaalpuntMessage
    ),
}


def programme_of(person) -> Programme:
    return PROGRAMMES[person.programme]


def kind_of(person) -> str:
    if isinstance(person, ReadingVolunteer):
        return READING_VOLUNTEER
    return TAALPUNT_PARTICIPANT if person.role == Role.PARTICIPANT else TAALPUNT_VOLUNTEER


def may_coordinate(user, programme: Programme) -> bool:
    return staff_can_see(user, programme.purpose)


def kind_label(kind: str) -> str:
    return {
        READING_VOLUNTEER: _("VoorleesExpress volunteer"),
        TAALPUNT_VOLUNTEER: _("Taalpunt volunteer"),
        TAALPUNT_PARTICIPANT: _("Taalpunt participant"),
    }[kind]
