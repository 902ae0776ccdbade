"""The benchmark scenarios: one entry per page people wait for.

To add a scenario, append a `Scenario` to SCENARIOS: a name, the path to GET, the email address
of the person to log in as (None: anonymous) and, if the page needs it, a `setup` function that
receives the logged-in test client before the warm-up (e.g. to create the object the path
points to) and may return the path to GET instead, for pages whose address holds an id. The
data the scenarios rely on comes from bench/generator.py.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client

from bench import education as bench_education
from bench import listings as bench_listings
from bench import programme as bench_programme
from bench import programme_planning as bench_planning
from bench import volunteers as bench_volunteers
from bench.generator import (
    APPLICANT_EMAIL,
    FUND_MANAGER_EMAIL,
    MIJN_USER_EMAIL,
    PRIVACY_OFFICER_EMAIL,
)

FLOOR = "floor"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    # Email address of the person to log in as (force_login); None for an anonymous visitor.
    user: str | None = None
    # Called once with the test client, after logging in and before the warm-up.
    setup: Callable[[Client], None] | None = None


SCENARIOS: list[Scenario] = [
    Scenario("home", "/"),
    Scenario("login_page", "/account/login/"),
    Scenario("mijn_3_orgs", "/mijn/", user=MIJN_USER_EMAIL),
    Scenario("my_data", "/mijn/gegevens/", user=MIJN_USER_EMAIL),
    Scenario("privacy_statement", "/privacy/"),
    Scenario("newsletter_form", "/nieuwsbrief/"),
    Scenario("access_log_5000", "/admin/privacy/access-log/", user=PRIVACY_OFFICER_EMAIL),
    # The fund managers' list of 10,000 applications (per scale), filtered and sorted.
    Scenario(
        "funds_staff_list",
        "/fondsbeheer/?status=in_review&sort=-average_score",
        user=FUND_MANAGER_EMAIL,
    ),
    # Mijn portaal of an applicant with five applications.
    Scenario("funds_applicant_dashboard", "/mijn/", user=APPLICANT_EMAIL),
    # The Kunst- & Cultuurwijzer on 20,000 offers (per scale): a word and three facets; the
    # catalogue as it opens (every offer counted in every facet); one offer.
    Scenario("catalogue_search", bench_listings.SEARCH_PATH),
    Scenario("catalogue_browse", "/cultuurwijzer/"),
    Scenario("offer_detail", bench_listings.OFFER_DETAIL_PATH),
    # The VoorleesExpress coordinator's list of 5,000 volunteers, filtered by status and day part.
    Scenario(
        "volunteers_coordinator_list",
        bench_volunteers.LIST_PATH,
        user=bench_volunteers.COORDINATOR_EMAIL,
        setup=bench_volunteers.create_volunteers,
    ),
    # The Fonds Cultuureducatie: all 300 schools' budgets in one year (of five), and one
    # school's budget page with its requests.
    Scenario(
        "schools_overview",
        "/fondsbeheer/cultuureducatie/",
        user=FUND_MANAGER_EMAIL,
        setup=lambda client: bench_education.overview_path(),
    ),
    Scenario("school_dashboard", "/mijn/scholen/", setup=bench_education.dashboard_setup),
    # The programme staff's planning: one week of one branch, out of 2,000 activities with two
    # contributors each.
    Scenario(
        "programme_planning",
        "/mijn/programma/planning/",
        user=bench_planning.PROGRAMMER_EMAIL,
        setup=bench_planning.planning_path,
    ),
    # The own programme: a visitor's sign-up form (places per session), and the programme
    # staff's list of activities with their numbers. The concurrent sign-ups themselves are
    # `python -m bench.programme` (scenario "programme_signup", see bench/README.md).
    Scenario("programme_signup_form", "/", setup=bench_programme.signup_form_path),
    Scenario("programme_staff_list", "/mijn/programma/", user=bench_programme.STAFF_EMAIL),
    # A bare Django view returning a constant page: the floor every other row is read against.
    Scenario(FLOOR, "/__floor__/"),
]
