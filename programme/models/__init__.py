from .activities import (
    ActivitySession,
    Branch,
    ProgrammeActivityPage,
    ProgrammeIndexPage,
    Room,
    SignupScope,
)
from .contributors import (
    Contribution,
    ContributionEvent,
    ContributionInvitation,
    ContributionStatus,
    ContributorRole,
    VatRate,
    VatStatus,
)
from .signups import (
    AgeGroup,
    ContestEntry,
    DeskPayment,
    SignUp,
    SignupStatus,
    SignupTally,
)

__all__ = [
    "ActivitySession",
    "AgeGroup",
    "Branch",
    "ContestEntry",
    "Contribution",
    "ContributionEvent",
    "ContributionInvitation",
    "ContributionStatus",
    "ContributorRole",
    "DeskPayment",
    "ProgrammeActivityPage",
    "ProgrammeIndexPage",
    "Room",
    "SignUp",
    "SignupScope",
    "SignupStatus",
    "SignupTally",
    "VatRate",
    "VatStatus",
]
