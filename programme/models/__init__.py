from .activities import (
    ActivitySession,
    Branch,
    ProgrammeActivityPage,
    ProgrammeIndexPage,
    Room,
    SignupScope,
)
from .signups import (
    AgeGroup,
    ContestEntry,
    PaymentStatus,
    SignUp,
    SignupStatus,
    SignupTally,
)

__all__ = [
    "ActivitySession",
    "AgeGroup",
    "Branch",
    "ContestEntry",
    "PaymentStatus",
    "ProgrammeActivityPage",
    "ProgrammeIndexPage",
    "Room",
    "SignUp",
    "SignupScope",
    "SignupStatus",
    "SignupTally",
]
