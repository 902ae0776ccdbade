"""A person's consents as they stand now, and withdrawing one with one click."""

from django.db import transaction

from portal.personal_data import declaration_for
from privacy import newsletter
from privacy.erasure import records_about, verified_emails
from privacy.models import ConsentRecord, Subscriber

SOURCE_MY_DATA = "my data page"


def current_consents(user) -> list[ConsentRecord]:
    """The consents this person has given and not withdrawn, per topic (newest record)."""
    records = records_about(ConsentRecord, declaration_for(ConsentRecord), user)
    return [record for record in records.latest_per_topic().values() if record.given]


@transaction.atomic
def withdraw(user, topic: str) -> bool:
    """Withdraw a consent: a row appended to the ledger, and what the consent allowed stops.

    Withdrawing the newsletter consent unsubscribes from every newsletter. False when there was
    no consent to withdraw.
    """
    given = {record.topic: record for record in current_consents(user)}.get(topic)
    if given is None:
        return False
    if topic == newsletter.CONSENT_TOPIC:
        for subscriber in Subscriber.objects.filter(email__in=verified_emails(user)):
            newsletter.unsubscribe(subscriber, source=SOURCE_MY_DATA)
        return True
    ConsentRecord.record(
        topic,
        False,
        SOURCE_MY_DATA,
        user=given.user,
        email=given.subject_email,
        key=given.subject_key,
    )
    return True
