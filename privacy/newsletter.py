"""Newsletters: subscribing with double opt-in, one-click unsubscribing, sending an issue.

- `request_subscription(...)`: the subscribe form's work; mails a confirmation link and reveals
  nothing about whether the address was known.
- `read_confirm_token(token)` / `confirm(confirmation)`: the link from that mail; confirming
  starts the chosen newsletters and appends the consent to the ledger.
- `unsubscribe(subscriber, source)`: stops every newsletter and appends the withdrawal.
- `send_newsletter_mail(...)`: every mail to a subscriber goes through it, with an unsubscribe
  link and the RFC 8058 one-click headers.
- `send_issue(issue, base_url)`: sends an issue once, one mail per active subscriber, through
  background tasks.

Links carry no personal data: the confirmation token holds the subscriber's id, the chosen lists,
the version of the consent text shown and a keyed hash of the address (never the address itself);
the unsubscribe token holds the id only. Both are signed, so nobody can make one up.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import strip_tags
from django_tasks import task

from portal.emails import render_email, send_email_task, send_templated_email
from privacy.models import (
    ConsentRecord,
    ConsentText,
    NewsletterIssue,
    NewsletterList,
    Subscriber,
    Subscription,
)
from privacy.models.newsletter import CONFIRM_MAX_AGE, CONFIRM_SALT

CONSENT_TOPIC = "newsletter"
SOURCE_FORM = "newsletter form"
SOURCE_UNSUBSCRIBE = "unsubscribe link"
BATCH_SIZE = 500


class InvalidToken(Exception):
    """A link that was changed, made up, or points to a subscriber who is gone."""


class ExpiredToken(InvalidToken):
    """A confirmation link older than a week."""


class SubscriberGone(InvalidToken):
    """A genuine link to a subscriber whose data were deleted since (retention, erasure)."""


class AlreadySent(Exception):
    pass


# --- queries ------------------------------------------------------------------------------------
def active_subscribers():
    """Subscribers who confirmed and did not unsubscribe from everything."""
    return Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def recipients_of(newsletter):
    """The active subscribers of one newsletter."""
    return active_subscribers().filter(
        subscriptions__newsletter=newsletter, subscriptions__unsubscribed_at__isnull=True
    )


def lists_with_subscriber_counts():
    """Every newsletter with the number of its active subscribers (a count, never who)."""
    active = Q(
        subscriptions__unsubscribed_at__isnull=True,
        subscriptions__subscriber__confirmed_at__isnull=False,
        subscriptions__subscriber__unsubscribed_at__isnull=True,
    )
    return NewsletterList.objects.annotate(subscriber_count=Count("subscriptions", filter=active))


# --- links --------------------------------------------------------------------------------------
def absolute_url(base_url: str, path: str) -> str:
    """`path` on the portal whose address is `base_url` (e.g. "https://cultuur.example/")."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _address_hash(email: str) -> str:
    return salted_hmac(CONFIRM_SALT, email.strip().lower()).hexdigest()[:20]


def confirm_token(subscriber, newsletters, consent_text) -> str:
    payload = {
        "s": subscriber.pk,
        "h": _address_hash(subscriber.email),
        "l": sorted(newsletter.pk for newsletter in newsletters),
        "t": consent_text.pk,
    }
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


@dataclass
class Confirmation:
    subscriber: Subscriber
    newsletters: list
    consent_text: ConsentText | None


def read_confirm_token(token: str) -> Confirmation:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None:
        raise SubscriberGone
    if not constant_time_compare(data.get("h", ""), _address_hash(subscriber.email)):
        raise InvalidToken
    newsletters = list(NewsletterList.objects.filter(pk__in=data.get("l", []), is_active=True))
    consent_text = ConsentText.objects.filter(pk=data.get("t"), topic=CONSENT_TOPIC).first()
    return Confirmation(subscriber, newsletters, consent_text)


def read_unsubscribe_token(token: str) -> Subscriber:
    try:
        subscriber = Subscriber.from_unsubscribe_token(token)
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise InvalidToken from error
    if subscriber is None:
        raise SubscriberGone
    return subscriber


def unsubscribe_url(subscriber, base_url: str) -> str:
    path = reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token()])
    return absolute_url(base_url, path)


# --- subscribing --------------------------------------------------------------------------------
def request_subscription(email, newsletters, consent_text, *, language, base_url) -> Subscriber:
    """Mail a confirmation link for `newsletters`; nothing starts until it is followed.

    The same happens whether or not the address is already subscribed, so the answer reveals
    nothing; a subscriber who confirms again simply gets the newsletters chosen now as well.
    """
    subscriber, created = Subscriber.objects.get_or_create(
        email=email.strip().lower(), defaults={"language": language}
    )
    if not created and subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    token = confirm_token(subscriber, newsletters, consent_text)
    send_templated_email(
        "newsletter_confirm",
        {
            "confirm_url": absolute_url(base_url, reverse("newsletter:confirm", args=[token])),
            "newsletters": newsletters,
            "valid_days": CONFIRM_MAX_AGE // (24 * 3600),
        },
        to=[subscriber.email],
        language=language,
    )
    return subscriber


@transaction.atomic
def confirm(confirmation: Confirmation) -> Subscriber:
    """Start the chosen newsletters and append the consent (with the text shown) to the ledger.

    Following the same link again changes nothing and appends nothing.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=confirmation.subscriber.pk)
    now = timezone.now()
    started = [_start(subscriber, newsletter, now) for newsletter in confirmation.newsletters]
    if subscriber.is_confirmed and not any(started):
        return subscriber
    if not subscriber.is_confirmed:
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    ConsentRecord.objects.create(
        topic=CONSENT_TOPIC,
        text=confirmation.consent_text or ConsentText.current(CONSENT_TOPIC),
        given=True,
        source=SOURCE_FORM,
        subject_email=subscriber.email,
    )
    return subscriber


def _start(subscriber, newsletter, now) -> bool:
    """Subscribe to one newsletter (again); False if that subscription was already running."""
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber, newsletter=newsletter, defaults={"subscribed_at": now}
    )
    if created:
        return True
    if subscription.unsubscribed_at is None:
        return False
    subscription.subscribed_at, subscription.unsubscribed_at = now, None
    subscription.save(update_fields=["subscribed_at", "unsubscribed_at"])
    return True


@transaction.atomic
def unsubscribe(subscriber, source=SOURCE_UNSUBSCRIBE) -> bool:
    """Stop every newsletter; append the withdrawal once. False if there was nothing to stop."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    Subscription.objects.filter(subscriber=subscriber, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now
    )
    if subscriber.unsubscribed_at is not None:
        return False
    had_consent = subscriber.confirmed_at is not None
    subscriber.unsubscribed_at = now
    subscriber.save(update_fields=["unsubscribed_at"])
    if had_consent:
        ConsentRecord.record(CONSENT_TOPIC, False, source, email=subscriber.email)
    return True


# --- sending ------------------------------------------------------------------------------------
def send_newsletter_mail(subscriber, template: str, context: dict, base_url: str) -> None:
    """One mail to one subscriber, with the unsubscribe link and one-click headers (RFC 8058)."""
    link = unsubscribe_url(subscriber, base_url)
    subject, body, html = render_email(
        template, {**context, "unsubscribe_url": link}, language=subscriber.language
    )
    send_email_task.enqueue(
        subject=subject,
        body=body,
        html=html,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


_HREF = re.compile(r'href="/(?!/)')
_LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.DOTALL)


def issue_html(issue, base_url: str) -> str:
    """The issue's rich text with the portal's own links made absolute (mail has no host)."""
    from wagtail.rich_text import expand_db_html

    return _HREF.sub(f'href="{base_url.rstrip("/")}/', expand_db_html(issue.body))


def html_to_text(html: str) -> str:
    """Plain text for the text part: tags gone, each link's address after its words."""
    with_urls = _LINK.sub(r"\2 (\1)", html)
    with_breaks = re.sub(r"</(p|h\d|li)>", "\n\n", with_urls)
    return re.sub(r"\n{3,}", "\n\n", unescape(strip_tags(with_breaks))).strip()


@transaction.atomic
def send_issue(issue, base_url: str) -> int:
    """Send `issue` once to the active subscribers of its newsletter; returns how many.

    Marking the issue sent is one conditional update, so two clicks (or two editors) cannot send
    it twice. The mails themselves go out from a background task, one per subscriber.
    """
    expected = recipients_of(issue.newsletter).count()
    claimed = NewsletterIssue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), recipient_count=expected
    )
    if not claimed:
        raise AlreadySent
    send_issue_task.enqueue(issue.pk, base_url)
    issue.refresh_from_db(fields=["sent_at", "recipient_count"])
    return expected


@task()
def send_issue_task(issue_id: int, base_url: str) -> int:
    issue = NewsletterIssue.objects.select_related("newsletter").get(pk=issue_id)
    html = issue_html(issue, base_url)
    context = {"issue": issue, "body_html": html, "body_text": html_to_text(html)}
    sent = 0
    last_pk = 0
    recipients = recipients_of(issue.newsletter).order_by("pk")
    while batch := list(recipients.filter(pk__gt=last_pk)[:BATCH_SIZE]):
        for subscriber in batch:
            send_newsletter_mail(subscriber, "newsletter_issue", context, base_url)
        sent += len(batch)
        last_pk = batch[-1].pk
    NewsletterIssue.objects.filter(pk=issue.pk).update(recipient_count=sent)
    return sent
