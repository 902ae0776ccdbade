"""Every email the portal sends goes through `send_templated_email`.

Templates live in templates/emails/<name>/{subject.txt,body.txt,body.html}; the HTML part has no
images or links to other hosts, so opening a mail tracks nobody. Sending happens in a background
task (django-tasks): in production the database worker sends it after the request has committed.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import LazyObject, empty
from django_tasks import task


@task()
def send_email_task(
    subject: str,
    body: str,
    html: str,
    to: list[str],
    headers: dict | None = None,
    attachments: list[dict] | None = None,
):
    """Attachments are files in a storage, by reference (the task queue holds no file contents):
    [{"storage": "private", "path": ..., "filename": ..., "mimetype": ...}]."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments or []:
        with storages[attachment["storage"]].open(attachment["path"], "rb") as handle:
            message.attach(attachment["filename"], handle.read(), attachment["mimetype"])
    message.send()


def render_email(name: str, context: dict, language: str | None = None) -> tuple[str, str, str]:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}/subject.txt", context).strip()
        body = render_to_string(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", {**context, "subject": subject})
    return " ".join(subject.split()), body, html


def send_templated_email(
    name: str,
    context: dict,
    to: list[str],
    language: str | None = None,
    attachments: list[dict] | None = None,
):
    subject, body, html = render_email(name, context, language)
    send_email_task.enqueue(
        subject=subject, body=body, html=html, to=to, attachments=attachments or []
    )


def unwrapped(storage):
    """The storage behind a lazy one (default_storage, portal.storage.private_storage())."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def file_attachment(field_file, filename: str, mimetype: str = "application/pdf") -> dict:
    """A stored file (a FileField value) as an email attachment for send_templated_email: by
    the alias of its storage, so the task opens the same files wherever it runs."""
    storage = unwrapped(field_file.storage)
    storage_alias = next(
        (alias for alias in ("private", "default") if storages[alias] is storage), None
    )
    if storage_alias is None:
        raise ValueError(
            "file_attachment: the file is in neither the private nor the default storage"
        )
    return {
        "storage": storage_alias,
        "path": field_file.name,
        "filename": filename,
        "mimetype": mimetype,
    }
