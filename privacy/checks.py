"""`manage.py check` fails when personal data escapes the register.

Every field that looks like personal data (a name, email address, phone number, address,
postcode, birth date, IBAN, free-text notes about a person, and in the portal's own apps any
link to a person's account) must be declared with portal.personal_data.personal_data, bound to a
purpose of the register, or be exempted with the reason why it is not personal.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import models

from portal.personal_data import declarations, exemptions
from privacy.erasure import can_blank
from privacy.purposes import ANONYMISE, PURPOSE_CODES, PURPOSES


def is_project_app(app_config) -> bool:
    """One of the portal's own apps (in the project's folder, not a library): every app added
    later counts too, without a list to forget it in."""
    path = Path(app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR)) and ".venv" not in path.parts


PERSONAL_TOKENS = {
    "name",
    "surname",
    "initials",
    "email",
    "mail",
    "phone",
    "telephone",
    "mobile",
    "address",
    "street",
    "postcode",
    "zipcode",
    "postal",
    "birth",
    "birthdate",
    "birthday",
    "dob",
    "iban",
    "bsn",
    "note",
    "notes",
    "remark",
    "remarks",
    "comment",
    "comments",
    "explanation",
    "motivation",
}


def looks_personal(field, project_app: bool) -> bool:
    if isinstance(field, models.BooleanField):
        return False  # a yes/no holds no name, address or note
    links_to_a_person = (
        isinstance(field, models.ForeignKey)
        and field.related_model is not None
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
    )
    if project_app and links_to_a_person:
        return True
    tokens = set(re.split(r"[_\W]+", field.name.lower()))
    return bool(tokens & PERSONAL_TOKENS)


def _path_exists(model, path: str) -> bool:
    if path == "pk":
        return True
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:
            return False
        model = field.related_model or model
    return True


SEED_ACTIONS = {p["code"]: p["retention_action"] for p in PURPOSES}


def _may_be_anonymised(declaration) -> bool:
    """Retention anonymises records of purposes whose action is anonymise (as first entered in
    the register); records without an end are deleted with what they belong to instead."""
    return declaration.ended is not None and SEED_ACTIONS.get(declaration.purpose) == ANONYMISE


@checks.register("privacy")
def check_personal_data_declared(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy:
            continue
        key = meta.label_lower
        declaration = declarations.get(key)
        exempted = exemptions.get(key, {})
        project_app = is_project_app(meta.app_config)
        declared = set(declaration.fields) if declaration else set()
        for field in meta.local_fields:
            if field.name in declared or field.name in exempted:
                continue
            if looks_personal(field, project_app):
                errors.append(
                    checks.Error(
                        f"{meta.label}.{field.name} looks like personal data, but no purpose "
                        "in the register is declared for it.",
                        hint=(
                            "Add it to the model's @personal_data(fields=...) declaration, or "
                            "say why it is not personal with @no_personal_data(field='reason')."
                        ),
                        obj=model,
                        id="privacy.E001",
                    )
                )
        if declaration is None:
            continue
        if declaration.purpose not in PURPOSE_CODES:
            errors.append(
                checks.Error(
                    f"{meta.label} declares purpose {declaration.purpose!r}, which is not in "
                    "the register.",
                    hint="Use a code from privacy/purposes.py.",
                    obj=model,
                    id="privacy.E002",
                )
            )
        field_names = {f.name for f in meta.get_fields()}
        for name in (*declaration.fields, *declaration.legal_hold, *declaration.files):
            if name not in field_names:
                errors.append(
                    checks.Error(
                        f"{meta.label} declares personal field {name!r}, which it does not have.",
                        obj=model,
                        id="privacy.E003",
                    )
                )
        for name in declaration.fields if _may_be_anonymised(declaration) else ():
            if name in field_names and not can_blank(model, declaration, name):
                errors.append(
                    checks.Error(
                        f"{meta.label}.{name} is personal data that cannot be anonymised: it "
                        "cannot be empty.",
                        hint="Make it nullable (a link: on_delete=SET_NULL), or give a value "
                        "in the declaration's anonymised={...}.",
                        obj=model,
                        id="privacy.E007",
                    )
                )
        for path in (declaration.subject, declaration.subject_email):
            if path and not _path_exists(model, path):
                errors.append(
                    checks.Error(
                        f"{meta.label} finds its data subject through {path!r}, which does not "
                        "exist.",
                        obj=model,
                        id="privacy.E004",
                    )
                )
        if isinstance(declaration.ended, str) and not _path_exists(model, declaration.ended):
            errors.append(
                checks.Error(
                    f"{meta.label} says its purpose ends at {declaration.ended!r}, which does "
                    "not exist.",
                    obj=model,
                    id="privacy.E005",
                )
            )
    # Declarations of models that are not installed are mistakes too.
    installed = {m._meta.label_lower for m in apps.get_models()}
    for key in sorted(set(declarations) - installed):
        errors.append(
            checks.Error(
                f"Personal data is declared for {key}, which is not an installed model.",
                id="privacy.E006",
            )
        )
    return errors
