"""The programme's periodic jobs (found by `manage.py run_periodic` through autodiscovery): the
reminder the day before, sent once per sign-up (`reminder_sent_at`), and reminders to
contributors who have not answered an invitation or an agreement. Destroying the sign-ups after
the activity is the privacy app's retention job: the models declare `ended`."""

from datetime import timedelta

from portal.periodic import periodic_job
from programme.contributors import send_due_reminders
from programme.signups import send_reminders


@periodic_job(
    "programme_reminders",
    every=timedelta(hours=1),
    description="Remind visitors signed up for an activity of the programme the day before",
)
def reminders_job():
    return f"{send_reminders()} reminders sent"


@periodic_job(
    "programme_contributor_reminders",
    every=timedelta(days=1),
    description="Remind contributors of an unanswered invitation or agreement (activity within "
    "three weeks; again after a week)",
)
def contributor_reminders_job():
    return f"{send_due_reminders()} contributors reminded"
