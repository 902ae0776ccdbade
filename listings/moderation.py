"""Moderation of offers: what state an offer is in, what a provider may do in each state, and
the emails when a moderator decides.

The states come from Wagtail: a page's live flag, its unpublished changes and its workflow
state ("Moderatie aanbod", one group approval task for the Moderator group). Providers act
through `TRANSITIONS` (one table: action, the states it may start from, and what it does);
moderators act in the Wagtail admin, whose review queue lists each task with its age.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from listings.models import CatalogueIndexPage, OfferKind, OfferPage
from portal.roles import Role

WORKFLOW_NAME = "Moderatie aanbod"
TASK_NAME = "Moderator keurt aanbod goed"
CATALOGUES = {
    OfferKind.LEISURE: ("Kunst- & Cultuurwijzer", "cultuurwijzer"),
    OfferKind.EDUCATION: ("Onderwijsaanbod", "onderwijsaanbod"),
}
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_MODERATION = "in_moderation", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    PUBLISHED_DRAFT = "published_draft", _("Published; your changes are not submitted yet")
    PUBLISHED_IN_MODERATION = (
        "published_in_moderation",
        _("Published; your change awaits moderation"),
    )
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# --- setup ------------------------------------------------------------------------------------


def moderation_workflow():
    """The workflow "Moderatie aanbod" with its task for the Moderator group (made if missing)."""
    from django.contrib.auth.models import Group

    moderators, _created = Group.objects.get_or_create(name=Role.MODERATOR)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow, moderators


def ensure_moderation_setup(home):
    """Both catalogue pages under `home`, on the moderation workflow, with the moderators'
    page permissions. What migration 0006 does, for a database that was flushed since."""
    from django.contrib.auth.models import Permission

    workflow, moderators = moderation_workflow()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=MODERATOR_PAGE_PERMISSIONS
    )
    catalogues = {}
    for kind, (title, slug) in CATALOGUES.items():
        page = CatalogueIndexPage.objects.filter(kind=kind).first()
        if page is None:
            page = home.add_child(instance=CatalogueIndexPage(title=title, slug=slug, kind=kind))
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=moderators, page=page, permission=permission
            )
        catalogues[kind] = page
    return catalogues


# --- states -----------------------------------------------------------------------------------


def active_workflow_states(offers):
    """{offer id: its in-progress or needs-changes WorkflowState}, in one query."""
    ids = [str(offer.pk) for offer in offers]
    if not ids:
        return {}
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=ids)
        .select_related("current_task_state")
    )
    return {int(state.object_id): state for state in states}


def offer_status(offer, workflow_state=None):
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return OfferStatus.CHANGES_REQUESTED
        if offer.live:
            return OfferStatus.PUBLISHED_IN_MODERATION
        return OfferStatus.IN_MODERATION
    if offer.live:
        return (
            OfferStatus.PUBLISHED_DRAFT if offer.has_unpublished_changes else OfferStatus.PUBLISHED
        )
    if offer.first_published_at:
        return OfferStatus.WITHDRAWN
    return OfferStatus.DRAFT


def moderator_comment(workflow_state):
    """The moderator's reason when they asked for changes, else ''."""
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return ""
    task_state = workflow_state.current_task_state
    return task_state.comment if task_state else ""


class OfferState:
    """An offer with its status, for lists and for checking a transition."""

    def __init__(self, offer, workflow_state=None):
        self.offer = offer
        self.workflow_state = workflow_state
        self.status = offer_status(offer, workflow_state)
        self.comment = moderator_comment(workflow_state)

    @classmethod
    def of(cls, offer):
        return cls(offer, active_workflow_states([offer]).get(offer.pk))

    @property
    def label(self):
        return self.status.label

    @property
    def kind_label(self):
        model = self.offer.specific_class or type(self.offer)
        return model._meta.verbose_name

    def can(self, action):
        return self.status in TRANSITIONS[action]["from"]

    @property
    def actions(self):
        return [action for action in TRANSITIONS if self.can(action)]


# --- transitions ------------------------------------------------------------------------------


def unique_slug(parent, title, exclude_pk=None):
    base = slugify(title)[:200] or "aanbod"
    siblings = Page.objects.child_of(parent)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_offer(offer, user, parent=None):
    """Save a provider's offer as a new revision: a new offer becomes a non-live child of its
    catalogue; an edit of a published offer waits as a revision while the live one stays."""
    now = timezone.now()
    offer.content_updated_at = now
    if offer.pk is None:
        offer.slug = unique_slug(parent, offer.title)
        offer.live = False
        offer.has_unpublished_changes = True
        offer.owner = user
        parent.add_child(instance=offer)
    revision = offer.save_revision(user=user, changed=True)
    # The row itself also records when the provider last worked on it (the freshness reminder
    # reads the row; a live offer's other fields change only when the moderator approves).
    OfferPage.objects.filter(pk=offer.pk).update(content_updated_at=now)
    return revision


def _submit(state, user):
    offer = state.offer
    if state.workflow_state is not None:
        state.workflow_state.resume(user)
        return
    if offer.get_latest_revision() is None:
        offer.save_revision(user=user)
    workflow = offer.get_workflow()
    if workflow is None:
        workflow, _moderators = moderation_workflow()
    workflow.start(offer, user)


def _withdraw(state, user):
    if state.workflow_state is not None:
        state.workflow_state.cancel(user=user)
    if state.offer.live:
        # Remember that it was public once, for pages published without a date (made by code).
        if state.offer.first_published_at is None:
            state.offer.first_published_at = state.offer.last_published_at or timezone.now()
            Page.objects.filter(pk=state.offer.pk).update(
                first_published_at=state.offer.first_published_at
            )
        # The provider has no Wagtail page permissions; the policy checked their right.
        UnpublishPageAction(state.offer, user=user).execute(skip_permission_checks=True)


def _duplicate(state, user):
    """A new draft offer with what the provider last wrote (the latest revision, not the live
    version), dates, locations and disciplines included."""
    source = state.offer.get_latest_revision_as_object()
    parent = state.offer.get_parent()
    title = gettext("%(title)s (copy)") % {"title": source.title}
    copy = CopyPageAction(
        source,
        to=parent,
        update_attrs={
            "title": title,
            "draft_title": title,
            "slug": unique_slug(parent, title),
            "content_updated_at": timezone.now(),
            "stale_reminder_sent_at": None,
            "latest_revision": None,
        },
        copy_revisions=False,
        keep_live=False,
        user=user,
    ).execute(skip_permission_checks=True)
    copy = copy.specific
    copy.save_revision(user=user)
    return copy


ALL = frozenset(OfferStatus)
TRANSITIONS = {
    "edit": {"from": ALL, "do": None},
    "preview": {"from": ALL, "do": None},
    "duplicate": {"from": ALL, "do": _duplicate},
    "submit": {
        "from": frozenset(
            {
                OfferStatus.DRAFT,
                OfferStatus.PUBLISHED_DRAFT,
                OfferStatus.CHANGES_REQUESTED,
                OfferStatus.WITHDRAWN,
            }
        ),
        "do": _submit,
    },
    "withdraw": {
        "from": frozenset(
            {
                OfferStatus.IN_MODERATION,
                OfferStatus.PUBLISHED,
                OfferStatus.PUBLISHED_DRAFT,
                OfferStatus.PUBLISHED_IN_MODERATION,
                OfferStatus.CHANGES_REQUESTED,
            }
        ),
        "do": _withdraw,
    },
}


@transaction.atomic
def transition(offer, action, user):
    """Do `action` on the offer for `user` (whose right to the offer the view has checked)."""
    state = OfferState.of(offer)
    if not state.can(action):
        raise PermissionDenied
    return TRANSITIONS[action]["do"](state, user)


# --- emails to the provider -------------------------------------------------------------------


def _provider_recipients(offer):
    from listings.models import ProviderMembership

    return sorted(
        set(
            ProviderMembership.objects.filter(provider_id=offer.provider_id, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _offer_of(workflow_state):
    offer = workflow_state.content_object
    return offer if isinstance(offer, OfferPage) else None


def _email_provider(name, offer, extra=None):
    from portal.emails import send_templated_email

    recipients = _provider_recipients(offer)
    if not recipients:
        return
    from django.urls import reverse

    context = {
        "offer": offer,
        "provider": offer.provider,
        "portal_url": settings.WAGTAILADMIN_BASE_URL,
        "offers_path": reverse("my_providers:offers", args=[offer.provider_id]),
        **(extra or {}),
    }
    transaction.on_commit(lambda: send_templated_email(name, context, to=recipients))


def on_workflow_approved(sender, instance, user=None, **kwargs):
    offer = _offer_of(instance)
    if offer is not None:
        _email_provider("listings_offer_approved", offer)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    offer = _offer_of(instance)
    if offer is not None:
        task_state = instance.current_task_state
        comment = task_state.specific.get_comment() if task_state else ""
        _email_provider("listings_offer_changes_requested", offer, {"comment": comment})


class _SkipOffers:
    """Wraps Wagtail's own approve/reject email to the requester: offers get ours instead
    (to every member of the provider, with a link to the self-service, not to the admin)."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, sender=None, instance=None, **kwargs):
        if instance is not None and _offer_of(instance) is not None:
            return None
        return self.notifier(sender=sender, instance=instance, **kwargs)


def on_offer_unpublished(sender, instance, **kwargs):
    """Remember when an offer went offline, however it did (withdrawn by its provider, past its
    last date, unpublished in the admin): retention counts from here."""
    if isinstance(instance, OfferPage):
        instance.withdrawn_at = timezone.now()
        OfferPage.objects.filter(pk=instance.pk).update(withdrawn_at=instance.withdrawn_at)


def on_offer_published(sender, instance, **kwargs):
    if isinstance(instance, OfferPage):
        instance.withdrawn_at = None
        OfferPage.objects.filter(pk=instance.pk).update(withdrawn_at=None)


def connect_signals():
    from wagtail.admin import signal_handlers as wagtail_handlers
    from wagtail.signals import (
        page_published,
        page_unpublished,
        workflow_approved,
        workflow_rejected,
    )

    page_unpublished.connect(on_offer_unpublished, dispatch_uid="listings_offer_unpublished")
    page_published.connect(on_offer_published, dispatch_uid="listings_offer_published")

    for signal, notifier, uid in (
        (
            workflow_approved,
            wagtail_handlers.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
        (
            workflow_rejected,
            wagtail_handlers.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(_SkipOffers(notifier), sender=WorkflowState, dispatch_uid=uid, weak=False)
    workflow_approved.connect(
        on_workflow_approved, sender=WorkflowState, dispatch_uid="listings_offer_approved"
    )
    workflow_rejected.connect(
        on_workflow_rejected, sender=WorkflowState, dispatch_uid="listings_offer_rejected"
    )


def catalogue_page(kind):
    """The catalogue page of this kind, where new offers go (made with the workflow if it is
    missing, e.g. in a database flushed since the migrations ran)."""
    page = CatalogueIndexPage.objects.filter(kind=kind).first()
    if page is None:
        from portal.models import HomePage

        page = ensure_moderation_setup(HomePage.objects.first())[kind]
    return page
