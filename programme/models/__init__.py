from .activities import (
    ActivitySession,
    Branch,
    ProgrammeActivityPage,
    ProgrammeIndexPage,
    Room,
    SignupScope,
)

__all__ = [
    "ActivitySession",
    "Branch",
    "ProgrammeActivityPage",
    "ProgrammeIndexPage",
    "Room",
    "SignupScope",
]
