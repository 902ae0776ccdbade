from .access import AccessAction, AccessLogEntry
from .consent import ConsentRecord, ConsentText
from .incidents import Breach, BreachRisk, Disclosure
from .newsletter import NewsletterIssue, NewsletterList, Subscriber, Subscription
from .register import LegalBasis, Processor, Purpose, RetentionAction
from .requests import DataSubjectRequest, RequestKind, RequestStatus, one_month_after
from .settings import PrivacySettings
from .statement import PrivacyStatementPage, StatementNotice, StatementVersion

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "Breach",
    "BreachRisk",
    "ConsentRecord",
    "ConsentText",
    "DataSubjectRequest",
    "Disclosure",
    "LegalBasis",
    "NewsletterIssue",
    "NewsletterList",
    "PrivacySettings",
    "PrivacyStatementPage",
    "Processor",
    "Purpose",
    "RequestKind",
    "RequestStatus",
    "RetentionAction",
    "StatementNotice",
    "StatementVersion",
    "Subscriber",
    "Subscription",
    "one_month_after",
]
