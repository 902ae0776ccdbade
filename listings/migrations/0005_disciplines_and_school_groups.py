"""The disciplines and school groups the catalogue filters on, so a new site has its facets.

Staff can add, rename or reorder them in the admin afterwards; names are data, in Dutch.
"""

from django.db import migrations

DISCIPLINES = [
    ("Beeldende kunst", "beeldende-kunst"),
    ("Muziek", "muziek"),
    ("Dans", "dans"),
    ("Theater", "theater"),
    ("Film en media", "film-en-media"),
    ("Literatuur en lezen", "literatuur-en-lezen"),
    ("Erfgoed", "erfgoed"),
    ("Fotografie", "fotografie"),
    ("Design en architectuur", "design-en-architectuur"),
    ("Digitale cultuur", "digitale-cultuur"),
]

GROUPS = (
    [("PO", f"groep {n}") for n in range(1, 9)]
    + [("SO", "SO onderbouw"), ("SO", "SO middenbouw"), ("SO", "SO bovenbouw")]
    + [("VSO", "VSO")]
    + [("VO", f"leerjaar {n}") for n in range(1, 7)]
)


def forwards(apps, schema_editor):
    Discipline = apps.get_model("listings", "Discipline")
    SchoolGroup = apps.get_model("listings", "SchoolGroup")
    for order, (name, slug) in enumerate(DISCIPLINES):
        Discipline.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, (school_type, name) in enumerate(GROUPS):
        SchoolGroup.objects.get_or_create(
            school_type=school_type, name=name, defaults={"sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("listings", "0004_offers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
