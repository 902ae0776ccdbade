"""Import schools and pupil counts from a CSV in the layout of DUO's open data of school
branches (see schools/importing.py for the columns and the rules).

    manage.py import_schools FILE --dry-run   print what would change, row by row; change nothing
    manage.py import_schools FILE             the same, then apply it, all or nothing

Nothing is applied while any row is refused; the command then exits with an error. An applied
file is kept in the private storage and listed in the admin (Schools -> Import schools), like an
upload there.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schools.importing import ImportRefused, apply_import, plan_import
from schools.models import SchoolImport


class Command(BaseCommand):
    help = "Import schools and pupil counts from a CSV of DUO's school branches."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (';' or ',', UTF-8 or Windows-1252).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would change, row by row; change nothing.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        plan = plan_import(data)
        self.print_plan(plan)
        if plan.errors or plan.refused_rows:
            raise CommandError(
                "Nothing was imported: correct the refused rows in the file and run it again."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
            return
        school_import = None
        try:
            with transaction.atomic():
                school_import = SchoolImport(original_name=path.name[:255])
                school_import.file.save(path.name, ContentFile(data), save=True)
                plan = apply_import(school_import)
        except ImportRefused as refused:
            # The register changed between the plan and applying it.
            if school_import is not None and school_import.file:
                school_import.file.storage.delete(school_import.file.name)
            self.print_plan(refused.plan)
            raise CommandError("Nothing was imported: rows are refused.") from None
        self.stdout.write(self.style.SUCCESS(f"Applied as import #{school_import.pk}."))

    def print_plan(self, plan):
        for error in plan.errors:
            self.stdout.write(self.style.ERROR(error))
        for row in plan.rows:
            label = f"row {row.number:>5}  {row.code or '?':<6}  {row.name[:40]:<40}  "
            if row.refused:
                self.stdout.write(self.style.ERROR(label + "REFUSED: " + " ".join(row.reasons)))
                continue
            parts = [row.school_text, *row.change_texts, row.count_text]
            self.stdout.write(label + "; ".join(part for part in parts if part))
        if plan.rows:
            self.stdout.write("Summary: " + ", ".join(plan.count_lines()) + ".")
