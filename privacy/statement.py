"""The privacy statement: what its page shows from the register, and telling subscribers when it
changes.

- `statement_context(page)`: the register as the statement page renders it (active purposes with
  their legal basis in words and their processors, and the versions published so far), in a
  fixed handful of queries.
- Publishing a version with "material change" ticked records a `StatementVersion` for that
  revision and sends every active newsletter subscriber one notice, through background tasks.
  A `StatementNotice` per subscriber and version makes sure nobody is told twice, whether the
  page is published again or the sending is run again. Publishing the same change again (the flag
  still ticked, the same summary) records no new version; a revision without the flag since the
  last version makes the next flagged one a new change, even with the same (or no) summary.
  Publishing without the flag sends nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.signals import page_published

from privacy import newsletter, purposes
from privacy.models import (
    PrivacyStatementPage,
    Processor,
    Purpose,
    StatementNotice,
    StatementVersion,
)

LEGAL_BASIS_EXPLAINED = {
    purposes.CONSENT: _("You gave your consent. You can withdraw it at any time."),
    purposes.CONTRACT: _("We need the data to do what we agreed with you or your organisation."),
    purposes.LEGAL_OBLIGATION: _("The law requires us to process these data."),
    purposes.PUBLIC_TASK: _("We need the data for a task in the public interest."),
    purposes.LEGITIMATE_INTEREST: _(
        "We have a legitimate interest, which we weighed against your privacy."
    ),
}


@dataclass
class RegisterEntry:
    purpose: Purpose
    legal_basis_explained: str
    processors: list


def register_entries():
    """The active purposes of the register, each with its processors (two queries)."""
    processors = Prefetch("processors", queryset=Processor.objects.order_by("name"))
    return [
        RegisterEntry(
            purpose=purpose,
            legal_basis_explained=LEGAL_BASIS_EXPLAINED.get(purpose.legal_basis, ""),
            processors=list(purpose.processors.all()),
        )
        for purpose in Purpose.objects.active().prefetch_related(processors)
    ]


def statement_context(page) -> dict:
    """Extra context for the statement page's template."""
    return {
        "register": register_entries(),
        "versions": list(StatementVersion.objects.filter(page=page).order_by("-published_at")),
    }


# --- telling subscribers ------------------------------------------------------------------------
def record_version(page, revision) -> StatementVersion | None:
    """The version this publication makes known to subscribers, or None if there is nothing new
    to tell: the flag is off, this revision was recorded already, or it is the change last told,
    published again (see `_published_again`)."""
    if not page.material_change:
        return None
    summary = (page.change_summary or "").strip()
    last = StatementVersion.objects.filter(page=page).order_by("-published_at", "-pk").first()
    if last is not None and _published_again(page, last, revision, summary):
        return None
    version, created = StatementVersion.objects.get_or_create(
        revision=revision,
        defaults={"page": page, "published_at": timezone.now(), "summary": summary},
    )
    return version if created else None


def _published_again(page, last: StatementVersion, revision, summary: str) -> bool:
    """Whether this publication is the change last told, published again (a typo fixed while the
    flag is still ticked): the same summary, and the flag stayed ticked in every revision since
    that version. A revision without the flag in between (a plain publication, or the editor
    unticking it) means the flag was set anew: a new change, whatever its summary."""
    if last.summary.strip() != summary:
        return False
    since = page.revisions.all()
    if last.revision_id is not None:
        since = since.filter(pk__gt=last.revision_id)
    else:  # the revision was purged: count from when the version was published
        since = since.filter(created_at__gt=last.published_at)
    if revision is not None:
        since = since.filter(pk__lte=revision.pk)
    return not since.filter(content__material_change=False).exists()


def statement_published(sender, instance, revision=None, **kwargs):
    """page_published: record a material change and send the notices in the background."""
    version = record_version(instance, revision)
    if version is not None:
        send_statement_notices_task.enqueue(version.pk, settings.WAGTAILADMIN_BASE_URL)


page_published.connect(
    statement_published,
    sender=PrivacyStatementPage,
    dispatch_uid="privacy.statement.statement_published",
)


def send_statement_notices(version, base_url: str) -> int:
    """Tell every active subscriber who was not told of `version` yet; returns how many now.

    Each notice row and its mail are written in one transaction (the mail is a task row in the
    database), so an interrupted run can be started again and tells nobody twice.
    """
    page = version.page.specific
    context = {
        "version": version,
        "statement_url": newsletter.absolute_url(base_url, page.get_url() or "/privacy/"),
    }
    recipients = (
        newsletter.active_subscribers().exclude(statement_notices__version=version).order_by("pk")
    )
    sent = 0
    last_pk = 0
    while batch := list(recipients.filter(pk__gt=last_pk)[: newsletter.BATCH_SIZE]):
        for subscriber in batch:
            sent += _notify(subscriber, version, context, base_url)
        last_pk = batch[-1].pk
    StatementVersion.objects.filter(pk=version.pk).update(
        notices_sent=StatementNotice.objects.filter(version=version).count()
    )
    return sent


@transaction.atomic
def _notify(subscriber, version, context, base_url) -> int:
    _notice, created = StatementNotice.objects.get_or_create(subscriber=subscriber, version=version)
    if created:
        newsletter.send_newsletter_mail(subscriber, "statement_changed", context, base_url)
    return int(created)


@task()
def send_statement_notices_task(version_id: int, base_url: str) -> int:
    version = StatementVersion.objects.select_related("page").get(pk=version_id)
    return send_statement_notices(version, base_url)
