from .invitations import AbstractInvitation, AbstractMembership, invitation_models
from .pages import HomePage, StandardPage
from .periodic import PeriodicJobRun
from .site_settings import SiteSettings
from .users import User
from .workflow import WorkflowEvent

__all__ = [
    "AbstractInvitation",
    "AbstractMembership",
    "HomePage",
    "PeriodicJobRun",
    "SiteSettings",
    "StandardPage",
    "User",
    "WorkflowEvent",
    "invitation_models",
]
