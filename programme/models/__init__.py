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

__all__ = [
    "ActivitySession",
    "Branch",
    "Contribution",
    "ContributionEvent",
    "ContributionInvitation",
    "ContributionStatus",
    "ContributorRole",
    "ProgrammeActivityPage",
    "ProgrammeIndexPage",
    "Room",
    "SignupScope",
    "VatRate",
    "VatStatus",
]
