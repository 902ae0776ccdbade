"""Fill the register with the purposes of the privacy statement, the newsletters and the
consent text of the newsletter. The privacy officer keeps them up to date in the admin."""

from django.db import migrations

from privacy.purposes import PURPOSES

NEWSLETTERS = [
    {
        "slug": "cultuurnieuws",
        "name_nl": "Cultuurnieuws",
        "name_en": "Culture news",
        "description_nl": "Eens per maand: voorstellingen, cursussen en activiteiten in Zwolle.",
        "description_en": "Monthly: performances, courses and activities in Zwolle.",
        "sort_order": 1,
    },
    {
        "slug": "onderwijsnieuws",
        "name_nl": "Onderwijsnieuws",
        "name_en": "Education news",
        "description_nl": "Voor scholen: nieuw aanbod, regelingen van het Fonds "
        "Cultuureducatie en deadlines.",
        "description_en": "For schools: new offers, Fonds Cultuureducatie schemes and deadlines.",
        "sort_order": 2,
    },
]

CONSENT_TEXTS = [
    {
        "topic": "newsletter",
        "version": 1,
        "text_nl": "Ja, stuur mij de gekozen nieuwsbrieven. Ik kan me altijd afmelden met de "
        "link onder elke nieuwsbrief.",
        "text_en": "Yes, send me the newsletters I chose. I can always unsubscribe with the "
        "link in every newsletter.",
    },
    {
        "topic": "analytics",
        "version": 1,
        "text_nl": "Ja, jullie mogen meten hoe ik de website gebruik, om hem te verbeteren.",
        "text_en": "Yes, you may measure how I use the website, to improve it.",
    },
]


def seed(apps, schema_editor):
    Purpose = apps.get_model("privacy", "Purpose")
    Group = apps.get_model("auth", "Group")
    NewsletterList = apps.get_model("privacy", "NewsletterList")
    ConsentText = apps.get_model("privacy", "ConsentText")
    for order, data in enumerate(PURPOSES, start=1):
        data = dict(data)
        roles = data.pop("roles")
        purpose, created = Purpose.objects.get_or_create(
            code=data.pop("code"), defaults={**data, "sort_order": order}
        )
        if created:
            purpose.roles.set([Group.objects.get_or_create(name=name)[0] for name in roles])
    for data in NEWSLETTERS:
        NewsletterList.objects.get_or_create(slug=data.pop("slug"), defaults=data)
    for data in CONSENT_TEXTS:
        ConsentText.objects.get_or_create(
            topic=data["topic"], version=data["version"], defaults=data
        )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_register_access_consent_newsletter_incidents_statement"),
        ("portal", "0003_homepage_and_staff_groups"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
