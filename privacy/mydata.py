"""Everything the portal holds about one person, grouped by purpose ("Mijn gegevens").

`collect(user)` asks every model bound to a purpose (privacy.registry) for its records about the
person (privacy.erasure.records_about: the account, records linked to it, and records found by
the person's verified email addresses), and describes each record field by field. The page, the
JSON export and the PDF all show this one result.

Other people never appear: a link to another account (who invited you, say) is shown as
"another person", and secrets (a password hash, a two-factor key, an invitation token) are
named but not shown. Queries are bounded, however many records a person has: one that asks
every bound model at once whether it holds anything about the person (most hold nothing), then
one per model that does (plus the email addresses `records_about` looks up).
"""

import datetime
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from privacy.erasure import records_about
from privacy.fields import IBANField, mask_iban
from privacy.models import Purpose
from privacy.registry import BoundModel, bound_models

# Fields that are the person's, but secrets nobody should read back, not even the person.
SECRET_FIELD_NAMES = frozenset({"password", "token_hash", "secret", "key"})
SECRET_FIELDS = frozenset({"mfa.authenticator.data"})

NOT_SHOWN = _("stored, not shown (a secret)")
ANOTHER_PERSON = _("another person")
YOU = _("you")

EMPTY = "-"

# How deep `select_related` follows links, so that str() of a record needs no extra query.
RELATED_DEPTH = 2


@dataclass(frozen=True)
class FieldValue:
    name: str
    label: str
    value: Any  # for the JSON export: str, int, bool, None, ISO date, list or dict
    display: str  # for people: the page and the PDF
    secret: bool = False


@dataclass(frozen=True)
class Record:
    model: str  # "schools.schoolmembership"
    pk: Any
    label: str  # what the record is, from the declaration
    title: str  # str() of the record
    fields: list[FieldValue]


@dataclass(frozen=True)
class ModelRecords:
    """The records of one model about the person; `records` may be the first few of `total`."""

    bound: BoundModel
    records: list[Record]
    total: int

    @property
    def label(self):
        return str(self.bound.declaration.label or self.bound.model._meta.verbose_name_plural)

    @property
    def more(self):
        return self.total - len(self.records)


@dataclass
class PurposeGroup:
    code: str
    purpose: Purpose | None
    parts: list[ModelRecords] = field(default_factory=list)

    @property
    def name(self):
        return self.purpose.name if self.purpose else self.code

    @property
    def records(self) -> list[Record]:
        return [record for part in self.parts for record in part.records]


# --- finding the records --------------------------------------------------------------------------
def is_user_model(model) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def related_paths(model, depth=RELATED_DEPTH, prefix="") -> list[str]:
    """Forward foreign keys to follow with select_related (not to accounts: those are masked or
    the person's own, and need no query; nor, from a linked page, Wagtail's own links of every
    page: its title names it, and its revisions, locale and content type would add five joins
    to the query for each page it links to)."""
    paths = []
    for model_field in model._meta.concrete_fields:
        if not (model_field.many_to_one or model_field.one_to_one):
            continue
        if is_user_model(model_field.related_model) or model_field.remote_field.parent_link:
            continue
        if prefix and model_field.model is Page:
            continue
        path = f"{prefix}{model_field.name}"
        paths.append(path)
        if depth > 1:
            paths += related_paths(model_field.related_model, depth - 1, f"{path}__")
    return paths


def shown_fields(model) -> list[models.Field]:
    """The fields of a record the person sees: all its own values but the primary key."""
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if not model_field.primary_key
        and not (model_field.one_to_one and model_field.remote_field.parent_link)
    ]


def queryset_about(bound: BoundModel, user):
    queryset = records_about(bound.model, bound.declaration, user)
    paths = related_paths(bound.model)
    if paths:
        queryset = queryset.select_related(*paths)
    return queryset.order_by("pk")


# --- describing one record ------------------------------------------------------------------------
def is_secret(model, model_field) -> bool:
    return (
        model_field.name in SECRET_FIELD_NAMES
        or f"{model._meta.label_lower}.{model_field.name}" in SECRET_FIELDS
    )


def json_value(value):
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def display_value(obj, model_field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(model_field, IBANField):
        return mask_iban(value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1]
    return str(value)


def describe_field(obj, model_field, user) -> FieldValue:
    label = capfirst(str(model_field.verbose_name))
    if is_secret(obj._meta.model, model_field):
        return FieldValue(model_field.name, label, None, str(NOT_SHOWN), secret=True)
    if model_field.many_to_one or model_field.one_to_one:
        return describe_link(obj, model_field, label, user)
    value = getattr(obj, model_field.attname)
    if isinstance(model_field, models.FileField):
        value = getattr(obj, model_field.name)
    return FieldValue(
        model_field.name, label, json_value(value), display_value(obj, model_field, value)
    )


def describe_link(obj, model_field, label, user) -> FieldValue:
    related_id = getattr(obj, model_field.attname)
    if related_id is None:
        return FieldValue(model_field.name, label, None, EMPTY)
    if is_user_model(model_field.related_model):
        # The person's own account by name; anyone else's not at all.
        own = related_id == user.pk
        text = str(user) if own else str(ANOTHER_PERSON)
        return FieldValue(model_field.name, label, text, text)
    text = str(getattr(obj, model_field.name))
    return FieldValue(model_field.name, label, text, text)


def describe(obj, bound: BoundModel, user) -> Record:
    model = bound.model
    return Record(
        model=model._meta.label_lower,
        pk=obj.pk,
        label=str(bound.declaration.label or model._meta.verbose_name),
        title=str(obj),
        fields=[describe_field(obj, model_field, user) for model_field in shown_fields(model)],
    )


# --- everything -----------------------------------------------------------------------------------
def holding_records(bounds: list[BoundModel], user) -> set[int]:
    """The indexes of the models that hold any record about the person, in one query (an
    EXISTS per model). A query per model, joining everything its records link to, costs more
    to plan than to run: on PostgreSQL tens of milliseconds each, for models that, for almost
    everyone, hold nothing about them."""
    checks = {}
    for index, bound in enumerate(bounds):
        queryset = records_about(bound.model, bound.declaration, user)
        if not queryset.query.is_empty():
            checks[f"holds_{index}"] = Exists(queryset.order_by())
    if not checks:
        return set()
    found = get_user_model()._default_manager.filter(pk=user.pk).values(**checks).first()
    return {int(name.removeprefix("holds_")) for name, holds in (found or {}).items() if holds}


def records_of(bound: BoundModel, user, limit: int | None = None) -> ModelRecords:
    queryset = queryset_about(bound, user)
    if limit is None:
        rows = list(queryset)
        total = len(rows)
    else:
        rows = list(queryset[: limit + 1])
        total = len(rows) if len(rows) <= limit else queryset.count()
        rows = rows[:limit]
    return ModelRecords(bound, [describe(obj, bound, user) for obj in rows], total)


def collect(user, limit: int | None = None) -> list[PurposeGroup]:
    """The person's records under each purpose, in the register's order; empty purposes left
    out. With `limit`, at most that many records per model (the page; the export has all)."""
    register = {purpose.code: purpose for purpose in Purpose.objects.prefetch_related("processors")}
    groups: dict[str, PurposeGroup] = {}
    bounds = bound_models()
    holding = holding_records(bounds, user)
    for index, bound in enumerate(bounds):
        if index not in holding:
            continue
        part = records_of(bound, user, limit)
        if not part.total:
            continue
        code = bound.declaration.purpose
        groups.setdefault(code, PurposeGroup(code, register.get(code))).parts.append(part)
    order = {code: index for index, code in enumerate(register)}
    return sorted(groups.values(), key=lambda group: order.get(group.code, len(order)))


def purpose_summary(purpose: Purpose | None) -> dict:
    if purpose is None:
        return {}
    return {
        "name": purpose.name,
        "description": purpose.description,
        "legal_basis": purpose.legal_basis,
        "legal_basis_display": str(purpose.get_legal_basis_display()),
        "recipients": purpose.recipients,
        "processors": [
            {"name": processor.name, "service": processor.service}
            for processor in purpose.processors.all()
        ],
        "retention": purpose.retention_in_words(),
        "retention_days": purpose.retention_days,
        "after_retention": purpose.retention_action,
        "legal_hold_years": purpose.legal_hold_years,
    }


def as_json(user, groups: list[PurposeGroup]) -> dict:
    """The export: purposes -> records -> fields, machine-readable (ISO dates, stored codes)."""
    return {
        "exported_at": timezone.localtime().isoformat(),
        "person": {"name": user.get_full_name(), "email": user.email},
        "purposes": [
            {
                "code": group.code,
                **purpose_summary(group.purpose),
                "records": [
                    {
                        "kind": record.label,
                        "model": record.model,
                        "id": json_value(record.pk),
                        "description": record.title,
                        "fields": {
                            value.name: value.value for value in record.fields if not value.secret
                        },
                        "not_shown": [value.name for value in record.fields if value.secret],
                    }
                    for record in group.records
                ],
            }
            for group in groups
        ],
    }
