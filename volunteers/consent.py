"""The Taalpunt's legal basis is consent: confirming a registration appends it to the privacy
app's consent ledger, with the exact text the form showed (and a parent's, under 16); signing
off appends the withdrawal."""

from privacy.models import ConsentRecord, ConsentText

TOPIC = "taalpunt"
SOURCE = "taalpunt registration form"
SOURCE_PARENT = "taalpunt registration form (parent)"
SOURCE_SIGN_OFF = "taalpunt own page"

# The text of the form's checkbox (volunteers/forms.py), as first entered in the ledger; the
# privacy officer may add a new version in the admin.
TEXT_EN = "I agree to the Taalpunt using my data to inform me about its activities."
TEXT_NL = "Ik geef het Taalpunt toestemming mijn gegevens te gebruiken om mij te informeren over zijn activiteiten."  # noqa: E501


def current_text() -> ConsentText:
    text = ConsentText.current(TOPIC)
    if text is None:
        text, _created = ConsentText.objects.get_or_create(
            topic=TOPIC, version=1, defaults={"text_en": TEXT_EN, "text_nl": TEXT_NL}
        )
    return text


def record_given(person):
    text = current_text()
    ConsentRecord.objects.create(
        topic=TOPIC, text=text, given=True, source=SOURCE, subject_email=person.email
    )
    if getattr(person, "under_16", False) and person.parent_email:
        ConsentRecord.objects.create(
            topic=TOPIC, text=text, given=True, source=SOURCE_PARENT,
            subject_email=person.parent_email,
        )  # fmt: skip


def record_withdrawn(person):
    ConsentRecord.objects.create(
        topic=TOPIC, text=current_text(), given=False, source=SOURCE_SIGN_OFF,
        subject_email=person.email,
    )  # fmt: skip
