"""The register names the programme staff (Programmamaker) as the role that handles both
programme purposes: the contributors' and the visitors' sign-ups."""

from django.db import migrations

PURPOSES = ["programma-bijdragers", "programma-deelnemers"]
ROLE = "Programmamaker"


def name_the_role(apps, schema_editor):
    Purpose = apps.get_model("privacy", "Purpose")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=ROLE)
    for purpose in Purpose.objects.filter(code__in=PURPOSES):
        purpose.roles.add(group)


def unname_the_role(apps, schema_editor):
    Purpose = apps.get_model("privacy", "Purpose")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=ROLE).first()
    if group:
        for purpose in Purpose.objects.filter(code__in=PURPOSES):
            purpose.roles.remove(group)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("privacy", "0003_seed_register"),
    ]

    operations = [migrations.RunPython(name_the_role, unname_the_role)]
