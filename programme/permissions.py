"""Who may see the programme's sign-ups: the roles the register names for the purpose
"programma-deelnemers" (Programmamaker), and superusers."""

from privacy.access import staff_can_see
from privacy.purposes import PROGRAMMA_DEELNEMERS


def may_manage_signups(user) -> bool:
    return staff_can_see(user, PROGRAMMA_DEELNEMERS)
