"""The privacy app's periodic jobs, found by `manage.py run_periodic` through the app registry."""

from datetime import timedelta

from portal.periodic import periodic_job
from privacy import retention


@periodic_job(
    "apply_retention",
    every=timedelta(days=1),
    description="Delete or anonymise personal data whose retention has passed",
)
def apply_retention():
    """The same work as `manage.py apply_retention`; the summary holds counts only."""
    return retention.summary_line(retention.run())
