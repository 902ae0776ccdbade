"""Reading the declarations (portal.personal_data) together with the register in the database."""

from dataclasses import dataclass

from django.apps import apps

from portal.personal_data import PersonalData, declarations


@dataclass(frozen=True)
class BoundModel:
    model: type
    declaration: PersonalData

    @property
    def label(self):
        return self.model._meta.label

    @property
    def verbose_name(self):
        return str(self.model._meta.verbose_name_plural)


def bound_models(purpose_code: str | None = None) -> list[BoundModel]:
    """Installed models with personal data, optionally only those of one purpose."""
    result = []
    for key, declaration in sorted(declarations.items()):
        if purpose_code and declaration.purpose != purpose_code:
            continue
        app_label, model_name = key.split(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        result.append(BoundModel(model, declaration))
    return result


def models_by_purpose() -> dict[str, list[BoundModel]]:
    grouped: dict[str, list[BoundModel]] = {}
    for bound in bound_models():
        grouped.setdefault(bound.declaration.purpose, []).append(bound)
    return grouped
