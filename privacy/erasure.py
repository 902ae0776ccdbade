"""Deleting and anonymising personal data: the one place that does it.

Retention (records that outlived their purpose) and erasure (everything about one person, on
request) both end here. Work goes in batches of primary keys, so memory stays flat for millions
of rows, and a run that is interrupted can simply be started again: anonymised records no longer
match `has_personal_data`, deleted ones are gone.

Deleting a record also deletes its declared files (`files`, and file fields among `fields`), and
those of declared records deleted with it by a cascade; Wagtail's signal handlers remove it from
the search index, and a page's revisions go with the page. Anonymising blanks the declared fields
(except those under legal hold, when asked), deletes declared files, updates the search index, and
drops page revisions that still hold the old values. Batches are keyset-paginated on the primary
key, so every run ends, even for records that cannot be changed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from portal.personal_data import PersonalData, declaration_for

BATCH_SIZE = 2000


@dataclass
class Outcome:
    deleted: int = 0
    anonymised: int = 0

    def __iadd__(self, other):
        self.deleted += other.deleted
        self.anonymised += other.anonymised
        return self

    @property
    def total(self):
        return self.deleted + self.anonymised


def _field(model, name):
    return model._meta.get_field(name)


def can_blank(model, declaration: PersonalData, name: str) -> bool:
    """Anonymising can empty this field (a value is declared, or the field may be empty)."""
    if name in declaration.anonymised:
        return True
    field = _field(model, name)
    if not getattr(field, "concrete", False):
        return True  # a reverse relation: its own model is declared
    return field.null or isinstance(
        field, models.CharField | models.TextField | models.FileField | models.JSONField
    )


def blank_value(model, declaration: PersonalData, name: str):
    """What a personal field becomes when its record is anonymised."""
    if name in declaration.anonymised:
        return declaration.anonymised[name]
    field = _field(model, name)
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField | models.FileField):
        return ""
    raise ValueError(
        f"{model._meta.label}.{name} cannot be blanked: declare a value in anonymised=... "
        "or delete such records instead."
    )


def has_personal_data(model, declaration: PersonalData, names) -> Q:
    """Records in which at least one of these fields still holds something."""
    condition = Q()
    for name in names:
        if name in declaration.anonymised:
            value = declaration.anonymised[name]
            if isinstance(value, models.Expression | models.F):
                continue  # an expression per record; the other fields decide
            condition |= ~Q(**{name: value})
            continue
        field = _field(model, name)
        holds = Q(**{f"{name}__isnull": False}) if field.null else Q()
        if isinstance(field, models.JSONField):
            holds &= ~Q(**{name: {}})
        elif isinstance(field, models.CharField | models.TextField | models.FileField):
            holds &= ~Q(**{name: ""})
        condition |= holds
    return condition


def file_fields(model, declaration: PersonalData) -> list[str]:
    """The declared fields whose files go with the record: `files`, and any file field among
    the personal `fields` (an uploaded photo is personal data even if `files` forgot it)."""
    names = dict.fromkeys(declaration.files)
    for name in declaration.fields:
        if isinstance(_field(model, name), models.FileField):
            names[name] = None
    return list(names)


def _stored_files(model, declaration: PersonalData, pks, keep=()) -> list:
    """(storage, name) of every file the records hold in their declared file fields, but those
    in `keep` (an invoice under legal hold stays with its record)."""
    names = [name for name in file_fields(model, declaration) if name not in keep]
    if not names:
        return []
    stored = []
    for row in model._default_manager.filter(pk__in=pks).only(*names):
        for name in names:
            file = getattr(row, name)
            if file:
                stored.append((file.storage, file.name))
    return stored


def _remove_files(stored) -> None:
    for storage, name in stored:
        storage.delete(name)


def _forget_history_labels(model, pks):
    """Wagtail's admin history names each record as it was then (its `str()`: a person's name,
    say): once the record is anonymised or deleted, the history calls it by its number."""
    from django.db.models.functions import Concat
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    numbered = Concat(models.Value("#"), models.F("object_id"))
    ids = [str(pk) for pk in pks]
    ModelLogEntry.objects.filter(content_type__in=_content_types(model), object_id__in=ids).update(
        label=numbered
    )
    if issubclass(model, Page):
        PageLogEntry.objects.filter(page_id__in=pks).update(
            label=Concat(models.Value("#"), models.F("page_id"), output_field=models.CharField())
        )


def _after_anonymise(model, pks):
    """Search index, page revisions and the admin history may still hold the old values."""
    from wagtail.models import Page, Revision
    from wagtail.search import index

    _forget_history_labels(model, pks)

    if issubclass(model, Page):
        Page.objects.filter(pk__in=pks).update(latest_revision=None)
        Revision.objects.filter(
            base_content_type__in=_content_types(model), object_id__in=[str(pk) for pk in pks]
        ).delete()
    if issubclass(model, index.Indexed):
        for row in model._default_manager.filter(pk__in=pks):
            index.insert_or_update_object(row)


def _content_types(model):
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(model, for_concrete_model=True)] + [
        ContentType.objects.get_for_model(parent) for parent in model._meta.get_parent_list()
    ]


def anonymise(model, declaration: PersonalData, queryset, keep=(), progress=None) -> Outcome:
    """Blank the declared fields (but those in `keep`) of every record in the queryset."""
    names = [name for name in declaration.fields if name not in keep]
    if not names:
        return Outcome()
    if not all(can_blank(model, declaration, name) for name in names):
        # A personal field that cannot be empty (the system check allows this only where the
        # register deletes): the record cannot be anonymised, so it goes.
        return delete(model, declaration, queryset, progress=progress)
    values = {name: blank_value(model, declaration, name) for name in names}
    pending = queryset.filter(has_personal_data(model, declaration, names)).order_by("pk")
    outcome = Outcome()
    # Keyset batches: each batch starts after the last, so the loop ends even when a blanked
    # value would still match `has_personal_data` (an expression declared in `anonymised`).
    last = None
    while True:
        batch = pending if last is None else pending.filter(pk__gt=last)
        pks = list(batch.values_list("pk", flat=True)[:BATCH_SIZE])
        if not pks:
            return outcome
        last = pks[-1]
        with transaction.atomic():
            stored = _stored_files(model, declaration, pks, keep=keep)
            updated = model._default_manager.filter(pk__in=pks).update(**values)
            _after_anonymise(model, pks)
            _remove_files(stored)
        outcome.anonymised += updated
        if progress:
            progress(updated)


def delete(model, declaration: PersonalData, queryset, progress=None) -> Outcome:
    """Delete every record in the queryset; records the law still needs (a protected link from
    a financial record, say) are anonymised instead."""
    outcome = Outcome()
    pending = queryset.order_by("pk")
    last = None
    while True:
        batch = pending if last is None else pending.filter(pk__gt=last)
        pks = list(batch.values_list("pk", flat=True)[:BATCH_SIZE])
        if not pks:
            return outcome
        last = pks[-1]
        try:
            with transaction.atomic():
                deleted = _delete_rows(model, declaration, pks)
            outcome.deleted += deleted
            if progress:
                progress(deleted)
        except (ProtectedError, RestrictedError):
            # One at a time, to find the ones that must stay; those are anonymised.
            for pk in pks:
                try:
                    with transaction.atomic():
                        outcome.deleted += _delete_rows(model, declaration, [pk])
                except (ProtectedError, RestrictedError):
                    outcome += anonymise(model, declaration, model._default_manager.filter(pk=pk))
                if progress:
                    progress(1)


def _delete_rows(model, declaration: PersonalData, pks) -> int:
    """Delete these records, and the files of every declared record the deletion reaches
    (records that cascade with them too); the files after the rows, so that a record that may
    not be deleted keeps its files."""
    from wagtail.models import Page

    if issubclass(model, Page):
        # One by one through Page.delete: the tree, the revisions and the search index.
        stored = _stored_files(model, declaration, pks)
        for page in model._default_manager.filter(pk__in=pks):
            page.delete()
        _remove_files(stored)
        _forget_history_labels(model, pks)
        return len(pks)
    rows = model._default_manager.filter(pk__in=pks).order_by()
    collector = Collector(using=rows.db, origin=rows)
    collector.collect(rows)
    stored = _collected_files(collector, model, declaration)
    deleted = collector.delete()[1].get(model._meta.label, 0)
    _remove_files(stored)
    _forget_history_labels(model, pks)
    return deleted


def _collected_files(collector: Collector, model, declaration: PersonalData) -> list:
    stored = []
    to_delete = [(m, list(instances)) for m, instances in collector.data.items()]
    to_delete += [(qs.model, qs) for qs in collector.fast_deletes]
    for each_model, records in to_delete:
        own = declaration if each_model is model else declaration_for(each_model)
        names = file_fields(each_model, own) if own else []
        if not names:
            continue
        if isinstance(records, models.QuerySet):
            records = records.only("pk", *names)
        for record in records:
            for name in names:
                if file := getattr(record, name):
                    stored.append((file.storage, file.name))
    return stored


def verified_emails(user) -> frozenset[str]:
    """The account's address and its other verified addresses (looked up once per user object)."""
    cached = getattr(user, "_privacy_emails", None)
    if cached is None:
        emails = EmailAddress.objects.filter(user=user, verified=True)
        cached = frozenset(e.lower() for e in [*emails.values_list("email", flat=True), user.email])
        user._privacy_emails = cached
    return cached


def records_about(model, declaration: PersonalData, user):
    """The records of this model about one person: linked to the account, or to one of the
    account's verified email addresses."""
    condition = Q()
    if declaration.subject:
        path = "pk" if declaration.subject == "pk" else declaration.subject
        condition |= Q(**{path: user.pk, **declaration.subject_filter})
    if declaration.subject_email:
        condition |= Q(**{f"{declaration.subject_email}__in": verified_emails(user)})
    if not condition:
        return model._default_manager.none()
    return model._default_manager.filter(condition)


Progress = Callable[[int], None]
