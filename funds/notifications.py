"""Emails to applicants and staff about an application."""

from django.conf import settings

from funds.models import Application, Letter
from portal.emails import file_attachment, send_templated_email


def applicant_address(application: Application) -> str:
    if application.contact_email:
        return application.contact_email
    return application.applicant.email if application.applicant_id else ""


def notify_applicant(application: Application, template: str, context: dict) -> None:
    """templates/emails/<template>/: with the application, and the newest letter attached when
    the context names one (`letter`)."""
    address = applicant_address(application)
    if not address:
        return
    letter: Letter | None = context.get("letter")
    attachments = []
    if letter is not None:
        attachments.append(file_attachment(letter.file, f"{application.number}-{letter.kind}.pdf"))
    send_templated_email(
        template,
        {
            "application": application,
            "portal_url": settings.WAGTAILADMIN_BASE_URL,
            **context,
        },
        to=[address],
        attachments=attachments,
    )
