"""Declaring the personal data a model holds, and the purpose it is held for.

Every model with personal data says so with `@personal_data(...)`; a model whose fields only look
personal (a school's name) says so with `@no_personal_data(...)`. The privacy app reads these
declarations: its system check fails `manage.py check` for a personal-looking field nobody
declared, its register lists the models bound to each purpose, retention deletes or anonymises
what has outlived its purpose, and "my data" finds everything about one person.

This module lives in the core, and imports nothing of the apps, so that every app (the core
included) can declare its data without importing the privacy app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Models (and third-party models registered by name) with their declarations.
declarations: dict[str, "PersonalData"] = {}
exemptions: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class PersonalData:
    """How one model holds personal data.

    purpose: code of the purpose in the register (privacy.purposes.PURPOSES).
    fields: the fields that hold personal data (a foreign key to a person counts).
    subject: path from a record to the person's account (User), e.g. "user" or "pk" for the
        User model itself; None when the person has no account.
    subject_filter: lookups a record must also match to be about the subject, for models where
        only some records are about their linked people (an independent artist's profile is
        about its members; an organisation's profile is not), e.g. {"kind": "artist"}.
    subject_email: path to the person's email address, for people without an account.
    ended: when the record's purpose ended: a path to a date/datetime field, or a function
        returning an expression (annotated per record). None: the purpose lasts as long as the
        record exists (it is deleted when it ends, e.g. a membership).
    legal_hold: fields the law makes the organisation keep after the purpose ended (financial
        records, 7 years); retention blanks the other fields and keeps these until the hold ends.
    held_when: which records the legal hold is for: those of money paid or at least committed
        (a grant paid, an invoice approved for payment). A Q, or a function returning one (called
        per run, so it may build an Exists over another app's model). Records that do not match
        (a rejected application, a cancelled contribution) get the purpose's full action at the
        normal retention. None: every record of the model is held.
    anonymised: values that replace personal fields when a record is anonymised instead of
        deleted; unlisted fields become "" (text) or None (nullable).
    files: file fields whose files are deleted with the record (they are in `fields` too).
    label: what one record is, for the person reading "my data" (a lazy translation).
    """

    purpose: str
    fields: tuple[str, ...]
    subject: str | None = None
    subject_filter: dict[str, Any] = field(default_factory=dict)
    subject_email: str | None = None
    ended: str | Callable[[], Any] | None = None
    legal_hold: tuple[str, ...] = ()
    held_when: Any = None
    anonymised: dict[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    label: Any = ""


def model_key(model) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def personal_data(**kwargs):
    """Class decorator: this model holds personal data for one purpose."""

    def declare(model):
        register(model, **kwargs)
        return model

    return declare


def register(model, **kwargs) -> PersonalData:
    """Declare the personal data of a model; also for models of other packages, by label."""
    kwargs["fields"] = tuple(kwargs["fields"])
    kwargs["legal_hold"] = tuple(kwargs.get("legal_hold", ()))
    kwargs["files"] = tuple(kwargs.get("files", ()))
    declaration = PersonalData(**kwargs)
    declarations[model_key(model)] = declaration
    return declaration


def no_personal_data(**reasons: str):
    """Class decorator: these fields look personal but are not; each with the reason why."""

    def exempt(model):
        exemptions.setdefault(model_key(model), {}).update(reasons)
        return model

    return exempt


def exempt(model, **reasons: str) -> None:
    """`no_personal_data` for models of other packages, by label ("auth.group")."""
    exemptions.setdefault(model_key(model), {}).update(reasons)


def declaration_for(model) -> PersonalData | None:
    return declarations.get(model_key(model))
