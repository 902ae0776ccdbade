"""Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from privacy.fields import EncryptedTextField

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = "Re-encrypt all encrypted values with the newest key (first in FIELD_ENCRYPTION_KEYS)."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            names = [f.name for f in model._meta.local_fields if isinstance(f, EncryptedTextField)]
            if not names:
                continue
            count = self.rotate_model(model, names)
            total += count
            self.stdout.write(f"{model._meta.label}: {count} records re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} records re-encrypted."))

    @staticmethod
    def rotate_model(model, names):
        """Reading decrypts with whichever key fits; writing encrypts with the first key."""
        manager = model._base_manager
        count, last_pk = 0, None
        while True:
            rows = manager.order_by("pk").only("pk", *names)
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows[:BATCH_SIZE])
            if not batch:
                return count
            with transaction.atomic():
                manager.bulk_update(batch, names)
            count += len(batch)
            last_pk = batch[-1].pk
