"""Newsletters: double opt-in, one-click unsubscribe without login, sending an issue once, the
consent ledger, and the admin screens (editors send, only the privacy officer sees addresses)."""

import base64
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from portal.roles import Role
from privacy import newsletter
from privacy.models import (
    AccessLogEntry,
    ConsentRecord,
    ConsentText,
    NewsletterIssue,
    NewsletterList,
    Subscriber,
    Subscription,
)
from privacy.models.consent import AppendOnlyError
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "lezer@voorbeeld.test"
BASE = "http://testserver/"
CONFIRM_LINK = re.compile(r"http://testserver/nieuwsbrief/bevestigen/[^/\s\"]+/")
UNSUBSCRIBE_LINK = re.compile(r"http://testserver/nieuwsbrief/afmelden/[^/\s\"]+/")


@pytest.fixture
def culture():
    return NewsletterList.objects.get(slug="cultuurnieuws")


@pytest.fixture
def education():
    return NewsletterList.objects.get(slug="onderwijsnieuws")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def subscribe(client, email, *lists, **extra):
    data = {
        "email": email,
        "newsletters": [item.pk for item in lists],
        "consent": "on",
        "consent_version": ConsentText.current("newsletter").version,
        **extra,
    }
    return client.post("/nieuwsbrief/", data)


def link_in(message, pattern):
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(0)


def main_of(response):
    """The page's main content (the footer's language form has a fresh CSRF token each time)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group(0)


def confirmed_subscriber(client, email, *lists):
    """Subscribe and confirm through the pages, as a person does."""
    subscribe(client, email, *lists)
    client.post(link_in(mail.outbox[-1], CONFIRM_LINK))
    return Subscriber.objects.get(email=email)


def make_subscriber(email, *lists, confirmed=True, unsubscribed=False):
    from django.utils import timezone

    now = timezone.now()
    subscriber = Subscriber.objects.create(
        email=email,
        confirmed_at=now if confirmed else None,
        unsubscribed_at=now if unsubscribed else None,
    )
    for item in lists:
        Subscription.objects.create(subscriber=subscriber, newsletter=item)
    return subscriber


def make_issue(newsletter_list, subject="Nieuws uit Zwolle", body="<p>Hallo lezer.</p>"):
    return NewsletterIssue.objects.create(newsletter=newsletter_list, subject=subject, body=body)


# --- the subscribe page -------------------------------------------------------------------------
def test_subscribe_page_shows_newsletters_the_exact_consent_text_and_the_purpose(client):
    response = client.get("/nieuwsbrief/")
    html = response.content.decode()

    assert response.status_code == 200
    for item in NewsletterList.objects.filter(is_active=True):
        assert item.name_nl in html
    assert ConsentText.current("newsletter").text_nl in html
    assert 'href="/privacy/"' in html
    assert "<form" in html and "novalidate" in html


def test_inactive_newsletters_cannot_be_chosen(client, culture, education):
    education.is_active = False
    education.save()

    assert education.name_nl not in client.get("/nieuwsbrief/").content.decode()
    response = subscribe(client, EMAIL, education)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_an_error_keeps_what_the_person_entered(english, culture):
    response = english.post("/nieuwsbrief/", {"email": EMAIL, "newsletters": [culture.pk]})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Tick the box to agree" in html
    assert f'value="{EMAIL}"' in html
    assert re.search(rf'value="{culture.pk}"[^>]*checked', html)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_changed_consent_text_is_shown_and_agreed_to_again(english, culture):
    ConsentText.objects.create(
        topic="newsletter", version=2, text_nl="Nieuwe tekst.", text_en="A new text."
    )
    response = subscribe(english, EMAIL, culture, consent_version=1)
    html = response.content.decode()

    assert response.status_code == 200
    assert "A new text." in html
    assert "The text has changed" in html
    assert mail.outbox == []


# --- double opt-in ------------------------------------------------------------------------------
def test_subscribe_and_confirm_from_the_mail(client, culture, education):
    response = subscribe(client, EMAIL, culture, education)

    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrief/controleer-je-mail/"
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at is None
    assert not Subscription.objects.active().exists()
    assert [message.to for message in mail.outbox] == [[EMAIL]]

    link = link_in(mail.outbox[0], CONFIRM_LINK)
    assert link in mail.outbox[0].alternatives[0][0]

    # Opening the link (as a mail scanner would) confirms nothing yet: it shows one button.
    page = client.get(link)
    assert page.status_code == 200
    assert '<form method="post">' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrief/bevestigd/"
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    assert {s.newsletter for s in Subscription.objects.active()} == {culture, education}

    consent = ConsentRecord.objects.get()
    assert (consent.topic, consent.given, consent.source, consent.subject_email) == (
        "newsletter",
        True,
        "newsletter form",
        EMAIL,
    )
    assert consent.text == ConsentText.current("newsletter")

    # The same link again changes nothing and adds nothing to the ledger.
    client.post(link)
    assert ConsentRecord.objects.count() == 1


def test_the_consent_recorded_is_the_text_version_that_was_shown(client, culture):
    shown = ConsentText.current("newsletter")
    subscribe(client, EMAIL, culture)
    ConsentText.objects.create(
        topic="newsletter", version=shown.version + 1, text_nl="x", text_en="x"
    )

    client.post(link_in(mail.outbox[0], CONFIRM_LINK))

    assert ConsentRecord.objects.get().text == shown


def test_the_answer_never_reveals_whether_an_address_is_subscribed(client, culture, education):
    confirmed_subscriber(client, EMAIL, culture)
    mail.outbox.clear()

    known = subscribe(client, EMAIL, education)
    unknown = subscribe(client, "nieuw@voorbeeld.test", education)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert main_of(client.get(known["Location"])) == main_of(client.get(unknown["Location"]))
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == mail.outbox[1].subject

    # Until the new link is followed, the known subscriber still gets culture news only.
    assert {s.newsletter for s in Subscription.objects.active()} == {culture}
    client.post(link_in(mail.outbox[0], CONFIRM_LINK))
    assert {s.newsletter for s in Subscription.objects.active()} == {culture, education}
    assert ConsentRecord.objects.filter(subject_email=EMAIL, given=True).count() == 2


def test_an_expired_confirmation_link_says_so(english, culture):
    with time_machine.travel("2026-03-01 10:00 +01:00"):
        subscribe(english, EMAIL, culture)
    link = link_in(mail.outbox[0], CONFIRM_LINK)

    with time_machine.travel("2026-03-09 10:00 +01:00"):
        response = english.post(link)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: Subscriber.objects.get().unsubscribe_token(),  # another kind of token
    ],
)
def test_a_forged_confirmation_link_says_so(english, culture, forge):
    subscribe(english, EMAIL, culture)
    token = link_in(mail.outbox[0], CONFIRM_LINK).rstrip("/").rsplit("/", 1)[1]

    for method in (english.get, english.post):
        response = method(f"/nieuwsbrief/bevestigen/{forge(token)}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_links_in_mails_hold_no_email_address(client, culture):
    subscriber = confirmed_subscriber(client, EMAIL, culture)
    newsletter.send_issue(make_issue(culture), BASE)

    encoded = base64.urlsafe_b64encode(EMAIL.encode()).decode().rstrip("=")
    for message in mail.outbox:
        links = re.findall(r"https?://\S+", message.body)
        assert links
        for link in links:
            assert EMAIL not in link and encoded[:12] not in link
    assert subscriber.email not in newsletter.unsubscribe_url(subscriber, BASE)


# --- unsubscribing ------------------------------------------------------------------------------
def test_unsubscribe_from_the_link_in_a_mail_without_logging_in(english, culture, education):
    subscriber = confirmed_subscriber(english, EMAIL, culture, education)
    newsletter.send_issue(make_issue(culture), BASE)
    link = link_in(mail.outbox[-1], UNSUBSCRIBE_LINK)

    page = english.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<form method="post">' in html
    assert '<button type="submit" class="btn btn-primary">Unsubscribe</button>' in html
    assert Subscription.objects.active().count() == 2

    response = english.post(link)
    assert response.status_code == 200
    assert "You have been unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not Subscription.objects.active().exists()
    assert Subscription.objects.filter(unsubscribed_at__isnull=False).count() == 2
    assert list(ConsentRecord.objects.order_by("at", "pk").values_list("given", flat=True)) == [
        True,
        False,
    ]

    assert "no longer subscribed" in english.get(link).content.decode()


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(client, culture):
    confirmed_subscriber(client, EMAIL, culture)
    newsletter.send_issue(make_issue(culture), BASE)
    link = link_in(mail.outbox[-1], UNSUBSCRIBE_LINK)

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Subscription.objects.active().exists()
    # Mail clients may post twice: the ledger gets one withdrawal.
    mail_client.post(link, {"List-Unsubscribe": "One-Click"})
    assert ConsentRecord.objects.filter(given=False).count() == 1


def test_csrf_is_still_required_on_the_other_newsletter_forms(culture):
    strict = Client(enforce_csrf_checks=True)
    response = subscribe(strict, EMAIL, culture)

    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_a_forged_unsubscribe_link_changes_nothing(client, culture):
    confirmed_subscriber(client, EMAIL, culture)

    response = client.post("/nieuwsbrief/afmelden/eyJzIjoxfQ:forged:signature/")

    assert response.status_code == 400
    assert Subscription.objects.active().count() == 1


def test_unsubscribing_after_the_data_were_deleted_says_there_is_nothing_to_stop(english, culture):
    subscriber = make_subscriber(EMAIL, culture)
    link = newsletter.unsubscribe_url(subscriber, BASE)
    subscriber.delete()

    response = english.get(link)

    assert response.status_code == 200
    assert "You will not receive any more newsletters" in response.content.decode()


# --- the mails ----------------------------------------------------------------------------------
def test_newsletter_mails_carry_one_click_unsubscribe_headers_and_no_tracking(culture):
    subscriber = make_subscriber(EMAIL, culture)
    body = (
        '<p>Zie <a href="/fondsen/">onze fondsen</a> en '
        '<a href="https://www.zwolle.nl/cultuur">de gemeente</a>.</p>'
    )
    newsletter.send_issue(make_issue(culture, body=body), BASE)

    (message,) = mail.outbox
    link = newsletter.unsubscribe_url(subscriber, BASE)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{link}>"
    assert link in message.body

    html = message.alternatives[0][0]
    assert link in html
    assert "<img" not in html.lower()
    assert "http://testserver/fondsen/" in html
    assert "onze fondsen (http://testserver/fondsen/)" in message.body
    # Every link goes straight to where it says: the portal itself or the page named.
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(BASE) or url == "https://www.zwolle.nl/cultuur", url


def test_mails_are_in_the_language_the_subscriber_chose(english, culture):
    subscribe(english, EMAIL, culture)

    assert mail.outbox[0].subject == "Confirm your subscription to our newsletter"
    assert Subscriber.objects.get().language == "en"


# --- sending an issue ---------------------------------------------------------------------------
def test_an_issue_goes_to_the_active_subscribers_of_its_newsletter_only_once(culture, education):
    make_subscriber("actief@voorbeeld.test", culture, education)
    make_subscriber("ander@voorbeeld.test", education)
    make_subscriber("onbevestigd@voorbeeld.test", culture, confirmed=False)
    make_subscriber("afgemeld@voorbeeld.test", culture, unsubscribed=True)
    stopped = make_subscriber("gestopt@voorbeeld.test", culture, education)
    Subscription.objects.filter(subscriber=stopped, newsletter=culture).update(
        unsubscribed_at="2026-01-01T00:00:00Z"
    )
    issue = make_issue(culture)

    assert newsletter.send_issue(issue, BASE) == 1

    assert [message.to for message in mail.outbox] == [["actief@voorbeeld.test"]]
    assert mail.outbox[0].subject == "Nieuws uit Zwolle"
    issue.refresh_from_db()
    assert issue.sent_at is not None
    assert issue.recipient_count == 1

    with pytest.raises(newsletter.AlreadySent):
        newsletter.send_issue(NewsletterIssue.objects.get(pk=issue.pk), BASE)
    assert len(mail.outbox) == 1


# --- the consent ledger -------------------------------------------------------------------------
def test_the_consent_ledger_only_grows(client, culture):
    subscriber = confirmed_subscriber(client, EMAIL, culture)
    given = ConsentRecord.objects.get()
    given_values = (given.pk, given.given, given.at, given.text_id, given.subject_email)

    newsletter.unsubscribe(subscriber)
    confirmed_subscriber(client, EMAIL, culture)

    rows = list(ConsentRecord.objects.order_by("at", "pk"))
    assert [row.given for row in rows] == [True, False, True]
    first = rows[0]
    assert (first.pk, first.given, first.at, first.text_id, first.subject_email) == given_values
    with pytest.raises(AppendOnlyError):
        ConsentRecord.objects.update(given=False)
    with pytest.raises(AppendOnlyError):
        first.save()


# --- privacy in the server log ------------------------------------------------------------------
def test_the_newsletter_flows_log_no_email_address(client, culture, caplog):
    caplog.set_level(logging.DEBUG)
    subscriber = confirmed_subscriber(client, EMAIL, culture)
    client.post("/nieuwsbrief/bevestigen/forged/")
    newsletter.send_issue(make_issue(culture), BASE)
    client.post(newsletter.unsubscribe_url(subscriber, BASE))

    assert caplog.records  # the flows were logged (e.g. the bad request) ...
    for record in caplog.records:
        assert EMAIL not in record.getMessage()  # ... and no address with them
        assert "lezer" not in record.getMessage()


# --- the admin ----------------------------------------------------------------------------------
@pytest.fixture
def editor():
    return UserFactory(email="redacteur@voorbeeld.test", groups=[Role.EDITOR], is_staff=True)


@pytest.fixture
def officer():
    return UserFactory(email="fg@voorbeeld.test", groups=[Role.PRIVACY_OFFICER], is_staff=True)


def test_an_editor_sends_an_issue_from_the_admin_once(client, editor, culture):
    make_subscriber(EMAIL, culture)
    issue = make_issue(culture)
    client.force_login(editor)

    index = client.get("/admin/newsletter_issues/")
    assert index.status_code == 200
    assert f"/admin/newsletter_issues/send/{issue.pk}/" in index.content.decode()

    confirm_page = client.get(f"/admin/newsletter_issues/send/{issue.pk}/")
    assert confirm_page.status_code == 200
    assert confirm_page.context["recipient_count"] == 1
    assert mail.outbox == []

    response = client.post(f"/admin/newsletter_issues/send/{issue.pk}/")
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    issue.refresh_from_db()
    assert (issue.recipient_count, issue.sent_at is not None) == (1, True)

    client.post(f"/admin/newsletter_issues/send/{issue.pk}/")
    assert len(mail.outbox) == 1
    # A sent issue is no longer edited: the edit link leads to the read-only view.
    edit = client.get(f"/admin/newsletter_issues/edit/{issue.pk}/")
    assert edit.status_code == 302
    assert edit["Location"] == f"/admin/newsletter_issues/inspect/{issue.pk}/"


def test_editors_see_how_many_subscribe_but_not_who(client, editor, culture, education):
    make_subscriber(EMAIL, culture)
    make_subscriber("tweede@voorbeeld.test", culture, education)
    make_subscriber("nog-niet@voorbeeld.test", culture, confirmed=False)
    client.force_login(editor)

    response = client.get("/admin/newsletters/")

    assert response.status_code == 200
    counts = {item.slug: item.subscriber_count for item in response.context["object_list"]}
    assert counts == {"cultuurnieuws": 2, "onderwijsnieuws": 1}
    assert EMAIL not in response.content.decode()


def denied(response):
    """The admin answers 403, or sends staff without the permission back to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PRIVACY_OFFICER, True),
        (Role.EDITOR, False),
        (Role.COORDINATOR_TAALPUNT, False),
        (Role.FUND_MANAGER, False),
    ],
)
def test_only_the_privacy_officer_sees_subscribers(client, culture, role, allowed):
    subscriber = make_subscriber(EMAIL, culture)
    client.force_login(UserFactory(groups=[role], is_staff=True))

    for url in (
        "/admin/newsletter_subscribers/",
        f"/admin/newsletter_subscribers/inspect/{subscriber.pk}/",
    ):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
            assert EMAIL in response.content.decode()
        else:
            assert denied(response), url
    assert AccessLogEntry.objects.exists() == allowed


def test_looking_up_a_subscriber_is_written_to_the_access_log(client, officer, culture):
    subscriber = make_subscriber(EMAIL, culture)
    client.force_login(officer)

    client.get("/admin/newsletter_subscribers/")
    client.get(f"/admin/newsletter_subscribers/inspect/{subscriber.pk}/")

    entries = AccessLogEntry.objects.filter(user=officer).order_by("pk")
    assert [(entry.purpose, entry.object_id) for entry in entries] == [
        ("privacybeheer", ""),
        ("privacybeheer", str(subscriber.pk)),
    ]
