from django.dispatch import Signal

# Sent for each payment the bank has paid (payments.services.mark_paid): the app that asked for
# it updates its own records. Receivers get `payment`.
payment_paid = Signal()
