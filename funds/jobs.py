"""The funds' periodic jobs (found by `manage.py run_periodic` through autodiscovery)."""

from datetime import timedelta

from funds.services import accountability
from portal.periodic import periodic_job


@periodic_job(
    "funds_report_reminders",
    every=timedelta(days=1),
    description="Remind grantees of their report: 14 days before it is due and 7 days after",
)
def report_reminders():
    return accountability.send_reminders()


@periodic_job(
    "funds_spending_reminders",
    every=timedelta(days=1),
    description="Remind schools that spent little of their culture budget (on the scheme's day)",
)
def spending_reminders():
    from funds.services import education_overview

    return education_overview.send_spending_reminders()
