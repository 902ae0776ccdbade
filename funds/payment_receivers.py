"""What the funds do when the bank has paid one of their payments (payments.signals.payment_paid).

Connected in FundsConfig.ready() with `payment_receivers.connect()`.

- The advance of a granted application: the application moves to "advance_paid" (the portal's
  own step, SYSTEM), and the applicant is told.
- The final payment of a settled grant: nothing changes in the application's status; its
  instalment shows the payment as paid.
- The invoice of a school's spending request (Fonds Cultuureducatie): the request is paid.
"""

import logging

from funds import spending_workflow, workflow
from funds.models import (
    ApplicationStatus,
    Instalment,
    InstalmentKind,
    SpendingRequest,
    SpendingStatus,
)
from payments.models import Payment
from payments.signals import payment_paid

logger = logging.getLogger(__name__)


def on_payment_paid(sender, payment, **kwargs):
    if payment.payee_type.model_class() is SpendingRequest:
        return spending_paid(payment)
    instalment = (
        Instalment.objects.filter(payment_id=payment.pk).select_related("application").first()
    )
    if instalment is None:
        return  # not a grant's payment
    application = instalment.application
    if (
        instalment.kind == InstalmentKind.ADVANCE
        and application.status == ApplicationStatus.GRANTED
    ):
        try:
            workflow.apply(
                application, "advance_paid", None, notify_context={"instalment": instalment}
            )
        except workflow.TransitionError:
            # Meanwhile moved on (e.g. the report came in first): the payment shows as paid.
            logger.info("advance of application %s paid after its status moved on", application.pk)


def spending_paid(payment):
    """An invoice of a school's spending request has been paid: the request is paid."""
    request = SpendingRequest.objects.filter(payment_id=payment.pk).first()
    if request is None or request.status != SpendingStatus.APPROVED:
        return
    spending_workflow.apply(request, "paid", None)


def connect():
    payment_paid.connect(on_payment_paid, sender=Payment, dispatch_uid="funds.payment_paid")
