"""A visitor subscribes to a newsletter, confirms from the email, and later unsubscribes from the
link in a newsletter, without ever logging in; the browser talks to no other host."""

import re

from django.core import mail
from playwright.sync_api import expect

EMAIL = "lezer@voorbeeld.test"


def link_in(message, path):
    match = re.search(rf"https?://\S+{re.escape(path)}[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def test_subscribe_confirm_and_unsubscribe_without_logging_in(
    page, live_server, transactional_db, external_requests
):
    from privacy.models import ConsentRecord, NewsletterIssue, NewsletterList, Subscriber
    from privacy.newsletter import send_issue

    # English, so the test reads the same before and after the Dutch translation is added.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    page.goto("/nieuwsbrief/")
    page.get_by_role("textbox", name="Email address").fill(EMAIL)
    page.get_by_label("Culture news").check()
    page.get_by_label("Yes, send me the newsletters I chose").check()
    page.get_by_role("button", name="Subscribe").click()

    expect(page).to_have_url(f"{live_server.url}/nieuwsbrief/controleer-je-mail/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert not Subscriber.objects.get(email=EMAIL).is_confirmed

    (confirmation,) = mail.outbox
    page.goto(link_in(confirmation, "/nieuwsbrief/bevestigen/"))
    page.get_by_role("button", name="Confirm my subscription").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.is_confirmed
    assert [s.newsletter.slug for s in subscriber.subscriptions.all()] == ["cultuurnieuws"]

    # Later an editor sends an issue; its mail carries the unsubscribe link.
    issue = NewsletterIssue.objects.create(
        newsletter=NewsletterList.objects.get(slug="cultuurnieuws"),
        subject="Cultuurnieuws van deze maand",
        body="<p>Nieuws uit Zwolle.</p>",
    )
    send_issue(issue, live_server.url)
    newsletter_mail = mail.outbox[-1]
    assert newsletter_mail.subject == "Cultuurnieuws van deze maand"

    page.context.clear_cookies()  # a new visit: no session of any kind
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(link_in(newsletter_mail, "/nieuwsbrief/afmelden/"))
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You have been unsubscribed")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.subscriptions.filter(unsubscribed_at__isnull=True).exists()
    ledger = ConsentRecord.objects.filter(subject_email=EMAIL).order_by("at", "pk")
    assert [(row.given, row.source) for row in ledger] == [
        (True, "newsletter form"),
        (False, "unsubscribe link"),
    ]
    assert external_requests == []
