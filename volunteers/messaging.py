"""Coordinators email one or many people from the portal; every message is logged (what, when,
by whom, to whom) and shows on each recipient's timeline. The purpose the register names for
this data is exactly this: informing volunteers and participants."""

from django.db import transaction
from django.utils import timezone

from portal.emails import send_templated_email
from volunteers.models import EventKind


def send_message(programme, recipients, subject: str, body: str, actor):
    """One email per recipient (nobody sees another's address); returns the logged message."""
    recipients = list(recipients)
    now = timezone.now()
    with transaction.atomic():
        message = programme.message_model.objects.create(
            subject=subject, body=body, sent_by=actor, sent_at=now
        )
        message.recipients.set(recipients)
        programme.event_model.objects.bulk_create(
            [
                programme.event_model(
                    person=person, at=now, actor=actor, kind=EventKind.MESSAGE, text=subject
                )
                for person in recipients
            ]
        )
    for person in recipients:
        context = {
            "programme": programme.name,
            "first_name": person.first_name,
            "subject": subject,
            "body": body,
        }
        send_templated_email(
            "volunteers_message", context, to=[person.email], language=person.language
        )
    return message
