"""Staff roles: Django groups with their permissions, as one table.

The groups are created by a migration (portal/migrations/0002_staff_groups.py). Their model
permissions are granted after every `migrate` by `grant_role_permissions`, because a fresh
database only has the permission rows once all migrations have run. Granting only adds: an
administrator may give a group more in the admin, and nothing here takes it away.
"""

from django.utils.translation import gettext_lazy as _


class Role:
    FUND_MANAGER = "Fondsbeheerder"
    REVIEWER = "Beoordelaar"
    MODERATOR = "Moderator"
    COORDINATOR_VOORLEESEXPRESS = "Coördinator VoorleesExpress"
    COORDINATOR_TAALPUNT = "Coördinator Taalpunt"
    PRIVACY_OFFICER = "Privacyfunctionaris"
    EDITOR = "Redacteur"
    PROGRAMMER = "Programmamaker"


ROLE_DESCRIPTIONS = {
    Role.FUND_MANAGER: _("Opens rounds, assigns reviewers, decides, pays and settles"),
    Role.REVIEWER: _("Member of an assessment committee: scores assigned applications"),
    Role.MODERATOR: _("Approves the offers of providers"),
    Role.COORDINATOR_VOORLEESEXPRESS: _("Takes in and informs VoorleesExpress volunteers"),
    Role.COORDINATOR_TAALPUNT: _("Takes in and informs Taalpunt participants and volunteers"),
    Role.PRIVACY_OFFICER: _("Keeps the register of processing and handles data requests"),
    Role.EDITOR: _("Writes and publishes the site's pages"),
    Role.PROGRAMMER: _("Plans the organisation's own activities, their contributors and sign-ups"),
}

ADMIN_ACCESS = "wagtailadmin.access_admin"

# Model permissions per role, as "app_label.codename". Later apps add their rows here.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.FUND_MANAGER: [
        ADMIN_ACCESS,
        "schools.add_school",
        "schools.change_school",
        "schools.view_school",
        "schools.view_schoolmembership",
        "schools.delete_schoolmembership",
        "schools.add_schoolinvitation",
        "schools.view_schoolinvitation",
        # The schools register: pupil counts, and importing schools and counts from a CSV.
        "schools.view_pupilcount",
        "schools.add_pupilcount",
        "schools.change_pupilcount",
        "schools.delete_pupilcount",
        "schools.view_schoolimport",
        "schools.add_schoolimport",
        "payments.view_payment",
        "payments.change_payment",
        "payments.view_paymentbatch",
        "payments.add_paymentbatch",
        "payments.change_paymentbatch",
        "payments.change_paymentsettings",
        # Fonds Cultuureducatie: schemes, phase assessments, allocations and their corrections
        # (corrections are append-only: no change or delete).
        "funds.view_educationscheme",
        "funds.add_educationscheme",
        "funds.change_educationscheme",
        "funds.view_schemerate",
        "funds.add_schemerate",
        "funds.change_schemerate",
        "funds.delete_schemerate",
        "funds.view_phaseassessment",
        "funds.add_phaseassessment",
        "funds.change_phaseassessment",
        "funds.delete_phaseassessment",
        "funds.view_allocation",
        "funds.change_allocation",
        "funds.view_allocationcorrection",
        "funds.add_allocationcorrection",
    ],
    Role.REVIEWER: [],
    Role.MODERATOR: [
        ADMIN_ACCESS,
        "listings.add_provider",
        "listings.change_provider",
        "listings.view_provider",
        "listings.view_providermembership",
        "listings.delete_providermembership",
        "listings.add_providerinvitation",
        "listings.view_providerinvitation",
    ],
    # The coordinators work at /voorleesexpress/coordinatie/ and /taalpunt/coordinatie/; what
    # they may see there follows the register's purposes (volunteers/programmes.py), these
    # permissions say the same for the admin.
    Role.COORDINATOR_VOORLEESEXPRESS: [
        ADMIN_ACCESS,
        "volunteers.view_readingvolunteer",
        "volunteers.change_readingvolunteer",
        "volunteers.view_readingvolunteerevent",
        "volunteers.add_readingvolunteerevent",
        "volunteers.view_readingperiod",
        "volunteers.add_readingperiod",
        "volunteers.view_readingmessage",
        "volunteers.add_readingmessage",
    ],
    Role.COORDINATOR_TAALPUNT: [
        ADMIN_ACCESS,
        "volunteers.view_taalpuntperson",
        "volunteers.change_taalpuntperson",
        "volunteers.view_taalpuntevent",
        "volunteers.add_taalpuntevent",
        "volunteers.view_taalpuntmessage",
        "volunteers.add_taalpuntmessage",
        "volunteers.view_activity",
        "volunteers.add_activity",
        "volunteers.change_activity",
        "volunteers.view_activitysession",
        "volunteers.add_activitysession",
        "volunteers.view_enrolment",
        "volunteers.add_enrolment",
        "volunteers.change_enrolment",
        "volunteers.view_attendance",
        "volunteers.add_attendance",
        "volunteers.change_attendance",
        "volunteers.view_statisticsrecord",
    ],
    Role.PRIVACY_OFFICER: [
        ADMIN_ACCESS,
        "privacy.view_purpose",
        "privacy.change_purpose",
        "privacy.add_purpose",
        "privacy.view_processor",
        "privacy.add_processor",
        "privacy.change_processor",
        "privacy.delete_processor",
        "privacy.view_datasubjectrequest",
        "privacy.add_datasubjectrequest",
        "privacy.change_datasubjectrequest",
        "privacy.view_accesslogentry",
        "privacy.view_consentrecord",
        "privacy.view_consenttext",
        "privacy.add_consenttext",
        "privacy.view_disclosure",
        "privacy.add_disclosure",
        "privacy.change_disclosure",
        "privacy.view_breach",
        "privacy.add_breach",
        "privacy.change_breach",
        "privacy.view_subscriber",
        "privacy.view_newsletterlist",
        "privacy.change_privacysettings",
    ],
    Role.EDITOR: [
        ADMIN_ACCESS,
        "portal.change_sitesettings",
        # Newsletters: editors write and send them, and never see who receives them.
        "privacy.view_newsletterlist",
        "privacy.add_newsletterlist",
        "privacy.change_newsletterlist",
        "privacy.view_newsletterissue",
        "privacy.add_newsletterissue",
        "privacy.change_newsletterissue",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ],
    # The own programme: activities are pages under the programme page (page permissions there,
    # see programme/setup.py); branches and rooms are plain models.
    Role.PROGRAMMER: [
        ADMIN_ACCESS,
        "programme.view_branch",
        "programme.add_branch",
        "programme.change_branch",
        "programme.view_room",
        "programme.add_room",
        "programme.change_room",
        # Contributors: invited, planned, contracted and paid through the portal's own pages
        # (/mijn/programma/); the fee goes into a batch of the payments module.
        "programme.view_contribution",
        "programme.add_contribution",
        "programme.change_contribution",
        "programme.view_contributioninvitation",
        "programme.add_contributioninvitation",
        "payments.view_payment",
        "payments.view_paymentbatch",
        "payments.add_paymentbatch",
        "payments.change_paymentbatch",
        # Sign-ups and contest entries: seen and changed at /mijn/programma/ (the register's
        # purpose "programma-deelnemers" names this role); the counts are read-only.
        "programme.view_signup",
        "programme.change_signup",
        "programme.view_contestentry",
        "programme.change_contestentry",
        "programme.view_signuptally",
    ],
}

# Page and collection permissions (on the root page and root collection) for editors.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def _permission(dotted):
    from django.contrib.auth.models import Permission

    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def grant_role_permissions(sender=None, using="default", **kwargs):
    """post_migrate: give each staff group the permissions of its role (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    # post_migrate is sent once per app, and each app's permission rows are created by its own
    # signal; grant once, after the last app with models has had its turn.
    apps_with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not None and sender is not apps_with_models[-1]:
        return
    for name, dotted_permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = [p for p in map(_permission, dotted_permissions) if p is not None]
        group.permissions.add(*permissions)

    editors = Group.objects.using(using).get(name=Role.EDITOR)
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = _permission(f"wagtailcore.{codename}")
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=editors, page=root_page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for dotted in EDITOR_COLLECTION_PERMISSIONS:
            permission = _permission(dotted)
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection=root_collection, permission=permission
                )
