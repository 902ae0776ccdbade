"""The two catalogue pages and the moderation of offers: a Wagtail workflow "Moderatie aanbod"
with one group approval task for the Moderator group, on both catalogues.

Moderators approve or request changes in the admin's own review queue (dashboard "Awaiting your
review", Reports → Workflows with the age of each task). They also get add, edit and publish
rights on the catalogues, so they can correct an offer themselves.

`listings.moderation.ensure_moderation_setup` does the same with the real models, for a
flushed database (demo data in transactional tests).
"""

from django.db import migrations
from django.utils import timezone

WORKFLOW_NAME = "Moderatie aanbod"
TASK_NAME = "Moderator keurt aanbod goed"
MODERATOR_GROUP = "Moderator"
CATALOGUES = [
    ("leisure", "Kunst- & Cultuurwijzer", "cultuurwijzer"),
    ("education", "Onderwijsaanbod", "onderwijsaanbod"),
]
PAGE_PERMISSIONS = [
    ("add_page", "Can add page"),
    ("change_page", "Can change page"),
    ("publish_page", "Can publish page"),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits.rjust(STEPLEN, "0")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("portal.HomePage")
    CatalogueIndexPage = apps.get_model("listings.CatalogueIndexPage")

    home = HomePage.objects.order_by("path").first()
    moderators, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    if home is None:
        return
    page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    permissions = [
        Permission.objects.get_or_create(
            content_type=page_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PAGE_PERMISSIONS
    ]
    catalogue_type, _created = ContentType.objects.get_or_create(
        app_label="listings", model="catalogueindexpage"
    )
    for kind, title, slug in CATALOGUES:
        page = CatalogueIndexPage.objects.filter(kind=kind).first()
        if page is None:
            now = timezone.now()
            page = CatalogueIndexPage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=catalogue_type,
                path=_next_child_path(Page, home),
                depth=home.depth + 1,
                numchild=0,
                url_path=f"{home.url_path}{slug}/",
                locale_id=home.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                kind=kind,
                intro="",
            )
            Page.objects.filter(pk=home.pk).update(
                numchild=Page.objects.filter(
                    path__startswith=home.path, depth=home.depth + 1
                ).count()
            )
        WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": workflow})
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=moderators, page_id=page.pk, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0005_disciplines_and_school_groups"),
        ("portal", "0003_homepage_and_staff_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
