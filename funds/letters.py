"""Letters about an application as PDF (WeasyPrint): the decision (grant or rejection) and the
settlement (final payment or reclaim). Each is kept as a funds.Letter in private storage, is
attached to the email that announces it, and can be downloaded by the applicant and fund
managers (funds:letter).

`letterhead()` and templates/pdf/letter_base.html are generic: the other fund's letters use them
too.
"""

from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from funds.models import Application, Letter, LetterKind
from funds.models.education import AllocationLetter, AllocationLetterKind, UnspentRule
from funds.services import money
from payments.models import PaymentSettings
from portal.models import SiteSettings
from portal.pdf import image_data_uri, render_pdf
from privacy.fields import format_iban


def default_site():
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def letterhead(site=None) -> dict:
    """The organisation as it heads its letters, from the site settings."""
    site = site or default_site()
    organisation = SiteSettings.for_site(site) if site else SiteSettings()
    return {
        "name": organisation.organisation_name or "Cultuurportaal",
        "street_address": organisation.street_address,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "phone": organisation.phone,
        "email": organisation.email,
        "logo": image_data_uri(organisation.logo) if organisation.logo_id else "",
    }


def recipient_lines(application: Application) -> list[str]:
    """The address block: the organisation (or the person) and their address."""
    lines = []
    if application.organisation_name:
        lines.append(application.organisation_name)
        if application.contact_name:
            lines.append(f"t.a.v. {application.contact_name}")
    elif application.contact_name:
        lines.append(application.contact_name)
    if application.street_address:
        lines.append(application.street_address)
    place = " ".join(part for part in (application.postcode, application.city.upper()) if part)
    if place:
        lines.append(place)
    return lines


def render_letter(template: str, context: dict, language: str | None = None) -> bytes:
    """A letter PDF from a template that extends pdf/letter_base.html."""
    return render_pdf(
        template,
        {"letterhead": letterhead(), "date": timezone.localdate(), **context},
        language=language or settings.LANGUAGE_CODE,
    )


def store_letter(application: Application, kind: str, pdf: bytes) -> Letter:
    letter = Letter(application=application, kind=kind)
    letter.file.save(f"{kind}.pdf", ContentFile(pdf), save=True)
    return letter


def decision_letter(application: Application, signatory=None) -> Letter:
    """The grant or rejection letter (the application carries the decision's fields)."""
    from funds.services import accountability

    fund = application.round.fund
    granted = application.granted_amount is not None
    context = {
        "application": application,
        "fund": fund,
        "round": application.round,
        "granted": granted,
        "recipient_lines": recipient_lines(application),
        "signatory": signatory,
    }
    if granted:
        report = getattr(application, "report", None)
        context.update(
            schedule=money.schedule_of(application, fund),
            requirements=accountability.requirement_labels(
                accountability.requirements_for(application, fund)
            ),
            report_due=report.due_date if report else None,
        )
    pdf = render_letter("pdf/letters/decision.html", context)
    return store_letter(application, LetterKind.GRANT if granted else LetterKind.REJECTION, pdf)


def settlement_letter(application: Application, paid: Decimal, signatory=None, site=None) -> Letter:
    """The vaststelling: the final amount, and the last payment or what must be paid back."""
    fund = application.round.fund
    difference = application.settled_amount - paid
    reclaim = difference < 0
    payment_settings = PaymentSettings.for_site(site or default_site())
    context = {
        "application": application,
        "fund": fund,
        "recipient_lines": recipient_lines(application),
        "signatory": signatory,
        "paid": paid,
        "final_payment": difference if difference > 0 else None,
        "reclaim": -difference if reclaim else None,
        "account": (
            {
                "debtor_name": payment_settings.debtor_name,
                "debtor_iban": format_iban(payment_settings.debtor_iban),
            }
            if payment_settings.is_complete
            else None
        ),
    }
    pdf = render_letter("pdf/letters/settlement.html", context)
    return store_letter(application, LetterKind.RECLAIM if reclaim else LetterKind.SETTLEMENT, pdf)


# --- the Fonds Cultuureducatie --------------------------------------------------------------------
def school_recipient_lines(school) -> list[str]:
    """The address block of a letter to a school's directie."""
    lines = [school.name, gettext_lazy("For the attention of the school's directie")]
    if school.street_address:
        lines.append(school.street_address)
    place = " ".join(part for part in (school.postcode, (school.city or "").upper()) if part)
    if place:
        lines.append(place)
    return lines


def allocation_letter(allocation, signatory=None, kind=None, recipients: int = 0):
    """The letter that tells a school its budget for the year: how it was computed, its
    corrections with their reasons, the amount in force and the rules of the scheme. Kept as an
    AllocationLetter in private storage."""
    scheme = allocation.scheme
    corrections = list(allocation.corrections.order_by("corrected_at", "pk"))
    if kind is None:
        kind = AllocationLetterKind.CORRECTED if corrections else AllocationLetterKind.CONFIRMED
    context = {
        "allocation": allocation,
        "school": allocation.school,
        "scheme": scheme,
        "year": scheme.year,
        "per_pupil": allocation.per_pupil,
        "corrections": corrections,
        "corrected": kind == AllocationLetterKind.CORRECTED,
        "carry_over": scheme.unspent_rule == UnspentRule.CARRY_OVER,
        "carry_over_limit": scheme.carry_over_limit(allocation.amount),
        "recipient_lines": school_recipient_lines(allocation.school),
        "signatory": signatory,
    }
    pdf = render_letter("pdf/letters/allocation.html", context)
    letter = AllocationLetter(
        allocation=allocation,
        kind=kind,
        amount=allocation.amount,
        signed_by=signatory,
        recipients=recipients,
    )
    letter.file.save(f"{kind}.pdf", ContentFile(pdf), save=True)
    return letter
