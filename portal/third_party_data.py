"""Personal data in models of the libraries the portal uses, declared like our own."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import exempt, register

register(
    "account.emailaddress",
    purpose="accounts",
    fields=["user", "email"],
    subject="user",
    label=_("The email addresses of your account"),
)
register(
    "mfa.authenticator",
    purpose="accounts",
    fields=["user", "data"],
    subject="user",
    label=_("Your two-factor authentication"),
)
register(
    "wagtailusers.userprofile",
    purpose="accounts",
    fields=["user", "avatar"],
    files=["avatar"],
    subject="user",
    label=_("Your preferences in the admin"),
)
register(
    "account.emailconfirmation",
    purpose="accounts",
    fields=["email_address"],
    subject="email_address__user",
    ended="sent",
    label=_("A confirmation of your email address"),
)
register(
    "django_tasks_database.dbtaskresult",
    purpose="berichten",
    fields=["args_kwargs", "return_value", "traceback"],
    ended="finished_at",
    label=_("An email waiting to be sent"),
)

register(
    "wagtailcore.taskstate",
    purpose="kunst-cultuurwijzer",
    fields=["comment", "finished_by"],
    ended="finished_at",
    label=_("A moderator's comment on an offer"),
)

# Fields of library models that look personal but name things, not people.
exempt("auth.group", name="the name of a staff role")
exempt("auth.permission", name="the name of a permission")
exempt("wagtailcore.site", site_name="the name of the website")
exempt("wagtailcore.collection", name="the name of a folder of images and documents")
exempt("wagtailcore.workflow", name="the name of a workflow")
exempt("wagtailcore.task", name="the name of a workflow step")
exempt("taggit.tag", name="a tag")
exempt("wagtailcore.apitoken", name="the name of an API token")
exempt(
    "wagtailcore.commentreply",
    comment="page comments are switched off (WAGTAILADMIN_COMMENTS_ENABLED = False)",
)
exempt(
    "django_tasks_database.dbtaskresult",
    backend_name="the name of a task backend",
    queue_name="the name of a task queue",
)
