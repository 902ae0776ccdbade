"""Print the register of processing with the models and fields bound to each purpose."""

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from privacy.models import Purpose
from privacy.registry import models_by_purpose


class Command(BaseCommand):
    help = "Print the register of processing (GDPR art. 30) with the data bound to each purpose."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args, **options):
        translation.activate("nl")
        bound = models_by_purpose()
        purposes = list(Purpose.objects.prefetch_related("roles", "processors"))
        register = []
        for purpose in purposes:
            register.append(
                {
                    "code": purpose.code,
                    "name": {"nl": purpose.name_nl, "en": purpose.name_en},
                    "description": {"nl": purpose.description_nl, "en": purpose.description_en},
                    "legal_basis": purpose.legal_basis,
                    "data_categories": purpose.data_categories,
                    "data_subjects": purpose.data_subjects,
                    "recipients": purpose.recipients,
                    "processors": [p.name for p in purpose.processors.all()],
                    "roles": [g.name for g in purpose.roles.all()],
                    "retention": {
                        "days": purpose.retention_days,
                        "action": purpose.retention_action,
                        "in_words": purpose.retention_in_words(),
                        "legal_hold_years": purpose.legal_hold_years,
                    },
                    "active": purpose.is_active,
                    "models": [
                        {
                            "model": item.label,
                            "fields": list(item.declaration.fields),
                            "subject": item.declaration.subject,
                            "subject_filter": {
                                path: str(value)
                                for path, value in item.declaration.subject_filter.items()
                            },
                            "subject_email": item.declaration.subject_email,
                            "legal_hold": list(item.declaration.legal_hold),
                        }
                        for item in bound.get(purpose.code, [])
                    ],
                }
            )
        unknown = sorted(set(bound) - {p.code for p in purposes})
        if options["json"]:
            self.stdout.write(json.dumps({"purposes": register, "unregistered": unknown}, indent=2))
            return
        for entry in register:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{entry['code']}: {entry['name']['nl']}"))
            self.stdout.write(f"  grondslag: {entry['legal_basis']}")
            self.stdout.write(
                f"  bewaren:   {entry['retention']['in_words']} "
                f"({entry['retention']['action']}"
                + (
                    f", wettelijk {entry['retention']['legal_hold_years']} jaar"
                    if entry["retention"]["legal_hold_years"]
                    else ""
                )
                + ")"
            )
            self.stdout.write(f"  rollen:    {', '.join(entry['roles']) or '-'}")
            if entry["processors"]:
                self.stdout.write(f"  verwerkers: {', '.join(entry['processors'])}")
            for item in entry["models"]:
                self.stdout.write(f"  - {item['model']}: {', '.join(item['fields'])}")
            if not entry["models"]:
                self.stdout.write("  (geen gegevens in dit portaal)")
        for code in unknown:
            self.stdout.write(self.style.ERROR(f"Bound to {code!r}, which is not in the register."))
