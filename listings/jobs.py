"""The listings' periodic jobs (found by `manage.py run_periodic` through autodiscovery):
offers leave the catalogue after their last date, providers are asked once whether an offer
unchanged for a year is still up to date, and earlier versions of an offer (with the contact
data it had then) go after a year."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, ProtectedError, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from listings.models import OfferPage, ProviderMembership
from portal.emails import send_templated_email
from portal.periodic import periodic_job

STALE_AFTER = timedelta(days=365)
REVISIONS_KEPT = timedelta(days=365)  # the listings purposes' retention


def unpublish_past_offers(today=None) -> int:
    """Unpublish the live offers with dates whose last date has passed (recurring and
    on-request offers have no last date and stay). Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for offer in OfferPage.objects.live().filter(last_date__lt=today).specific().iterator():
        with transaction.atomic():
            offer.unpublish(set_expired=True, log_action=True)
        count += 1
    return count


def stale_offers(now=None):
    """Live offers unchanged for STALE_AFTER whose provider was not yet reminded since."""
    now = now or timezone.now()
    changed = Coalesce("content_updated_at", "first_published_at")
    return (
        OfferPage.objects.live()
        .alias(changed=changed)
        .filter(changed__lt=now - STALE_AFTER)
        .filter(Q(stale_reminder_sent_at__isnull=True) | Q(stale_reminder_sent_at__lt=F("changed")))
        .select_related("provider")
    )


def send_stale_reminders(now=None) -> int:
    """One email per stale offer to the provider's members; each offer is claimed with one
    conditional UPDATE first, so two runs at once send it once. Returns how many offers."""
    now = now or timezone.now()
    sent = 0
    for offer in stale_offers(now):
        claimed = OfferPage.objects.filter(
            pk=offer.pk, stale_reminder_sent_at=offer.stale_reminder_sent_at
        ).update(stale_reminder_sent_at=now)
        if not claimed:
            continue
        addresses = sorted(
            {
                email
                for email in ProviderMembership.objects.filter(
                    provider_id=offer.provider_id
                ).values_list("user__email", flat=True)
                if email
            }
        )
        if not addresses:
            continue
        send_templated_email(
            "listings_stale_reminder",
            {
                "offer": offer,
                "provider": offer.provider,
                "offer_url": offer.get_full_url(),
                "portal_url": settings.WAGTAILADMIN_BASE_URL,
                "mijn_path": reverse("mijn:dashboard"),
            },
            to=addresses,
        )
        sent += 1
    return sent


@periodic_job(
    "listings_unpublish_past_offers",
    every=timedelta(hours=1),
    description="Take offers out of the catalogue after their last date",
)
def unpublish_past():
    return f"{unpublish_past_offers()} offers unpublished"


@periodic_job(
    "listings_stale_reminders",
    every=timedelta(days=1),
    description="Ask providers whether offers unchanged for a year are still up to date",
)
def stale_reminders():
    return f"{send_stale_reminders()} reminders"


def purge_old_offer_revisions(now=None) -> int:
    """Delete the versions of offers older than REVISIONS_KEPT that nothing uses: not the
    latest, not the live one, not scheduled, not in moderation (as Wagtail's purge_revisions,
    but for offers only: other pages keep their history). An earlier version holds the contact
    person, email and phone the offer had then."""
    from wagtail.models import Page, Revision, WorkflowState
    from wagtail.search.utils import get_descendants_content_types_pks

    cutoff = (now or timezone.now()) - REVISIONS_KEPT
    in_moderation = [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    old = (
        Revision.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(OfferPage),
            created_at__lt=cutoff,
            approved_go_live_at__isnull=True,
        )
        .exclude(task_states__workflow_state__status__in=in_moderation)
        .exclude(pk__in=Page.objects.filter(live_revision__isnull=False).values("live_revision"))
        .exclude(
            pk__in=Page.objects.filter(latest_revision__isnull=False).values("latest_revision")
        )
    )
    deleted = 0
    for revision in old.iterator():
        try:
            revision.delete()
        except ProtectedError:  # something the law or a workflow needs still points at it
            continue
        deleted += 1
    return deleted


@periodic_job(
    "listings_purge_old_revisions",
    every=timedelta(days=7),
    description="Delete versions of offers older than a year that are not in use",
)
def purge_old_revisions():
    return f"{purge_old_offer_revisions()} versions deleted"
