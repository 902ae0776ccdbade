"""When an offer went offline and a provider's profile stopped being public: retention counts
from there. Existing offers that are offline take the moment of their last unpublish in the
audit log (else their last publication); existing hidden profiles their last change."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    OfferPage = apps.get_model("listings", "OfferPage")
    Provider = apps.get_model("listings", "Provider")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    last_unpublish = (
        PageLogEntry.objects.filter(page_id=OuterRef("pk"), action__startswith="wagtail.unpublish")
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )
    offline = (
        OfferPage.objects.filter(live=False, first_published_at__isnull=False)
        .annotate(moment=Coalesce(Subquery(last_unpublish), F("last_published_at")))
        .values_list("pk", "moment")
    )
    for pk, moment in offline.iterator():
        OfferPage.objects.filter(pk=pk).update(withdrawn_at=moment)
    Provider.objects.filter(is_public=False).update(withdrawn_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0007_alter_leisureofferpage_leisure_kind"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="offerpage",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="provider",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
