"""Fonds Cultuureducatie: the allocation arithmetic against hand-worked examples, the count-date
rule, phase validity, drafts refreshed and confirmed allocations frozen, corrections with a
reason, and the admin screens (fund managers only)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from funds.models.education import (
    Allocation,
    AllocationCorrection,
    AllocationStatus,
    EducationScheme,
    PhaseAssessment,
    UnspentRule,
)
from funds.services import allocation as service
from portal.roles import Role
from privacy.models import AccessLogEntry
from schools.models import SchoolType
from tests.factories.education import (
    PhaseAssessmentFactory,
    PupilCountFactory,
    scheme_with_rates,
)
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/fonds-cultuureducatie/"
FEB_1_2026 = datetime.date(2026, 2, 1)


@pytest.fixture
def manager():
    return UserFactory(groups=[Role.FUND_MANAGER])


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def school_with(pupils=200, phase=None, school_type=SchoolType.PO, count_date=FEB_1_2026):
    school = SchoolFactory(school_type=school_type)
    if pupils is not None:
        PupilCountFactory(school=school, pupils=pupils, count_date=count_date)
    if phase is not None:
        PhaseAssessmentFactory(school=school, phase=phase, first_year=2027)
    return school


# --- the arithmetic, worked by hand ---------------------------------------------------------------
@pytest.mark.parametrize(
    "phase, expected",
    [
        # 200 x (12.15 + 12.15 x 1) = 200 x 24.30
        (1, Decimal("4860.00")),
        # 200 x (12.15 + 12.15 x 2) = 200 x 36.45: the example
        (2, Decimal("7290.00")),
        # 200 x (12.15 + 12.15 x 4) = 200 x 60.75
        (3, Decimal("12150.00")),
    ],
)
def test_amount_is_pupils_times_own_plus_municipal_times_multiplier(phase, expected):
    scheme = scheme_with_rates()
    school = school_with(pupils=200, phase=phase)

    breakdown = service.compute(school, scheme)

    assert breakdown.phase == phase
    assert breakdown.pupils == 200
    assert breakdown.count_date == FEB_1_2026
    assert breakdown.amount == expected


def test_a_vo_school_gets_the_vo_rate():
    scheme = scheme_with_rates(
        rates={SchoolType.PO: ("12.15", "12.15"), SchoolType.VO: ("9.00", "11.50")}
    )
    school = school_with(pupils=850, phase=2, school_type=SchoolType.VO)

    # 850 x (9.00 + 11.50 x 2) = 850 x 32.00
    assert service.compute(school, scheme).amount == Decimal("27200.00")


def test_rounding_is_half_up_on_the_total():
    # Multiplier 1.50 for phase 1: 1 x (10.00 + 12.31 x 1.5) = 28.465 -> 28.47 (half-even: 28.46)
    scheme = scheme_with_rates(
        rates={SchoolType.PO: ("10.00", "12.31")}, multiplier_phase_1=Decimal("1.50")
    )
    school = school_with(pupils=1)

    breakdown = service.compute(school, scheme)

    assert breakdown.per_pupil == Decimal("28.465")
    assert breakdown.amount == Decimal("28.47")
    # 3 x 28.465 = 85.395 -> 85.40: rounded once, on the total, not per pupil (3 x 28.47 = 85.41)
    assert service.compute(school_with(pupils=3), scheme).amount == Decimal("85.40")


def test_a_school_type_without_a_rate_gets_no_amount():
    scheme = scheme_with_rates()
    school = school_with(school_type=SchoolType.SO)
    with translation.override("en"), pytest.raises(service.AllocationError, match="no rate for SO"):
        service.compute(school, scheme)


# --- the count date ------------------------------------------------------------------------------
def test_the_count_date_is_1_february_of_the_previous_year():
    assert scheme_with_rates(year=2027).count_date == FEB_1_2026


@pytest.mark.parametrize(
    "count_date",
    [datetime.date(2027, 2, 1), datetime.date(2026, 2, 2), datetime.date(2026, 1, 31)],
)
def test_a_count_on_another_day_is_not_used(count_date):
    scheme = scheme_with_rates(year=2027)
    school = school_with(pupils=300, count_date=count_date)
    school.name = "OBS De Regenboog"
    school.save()

    with pytest.raises(service.AllocationError) as refused:
        service.compute(school, scheme)
    assert "OBS De Regenboog" in str(refused.value)
    assert "2026" in str(refused.value)


def test_the_count_on_exactly_the_date_is_used_among_others():
    scheme = scheme_with_rates(year=2027)
    school = school_with(pupils=200)
    PupilCountFactory(school=school, count_date=datetime.date(2027, 2, 1), pupils=999)
    PupilCountFactory(school=school, count_date=datetime.date(2026, 2, 2), pupils=555)

    assert service.compute(school, scheme).pupils == 200


def test_another_count_date_setting_is_followed():
    scheme = scheme_with_rates(year=2027, count_day=1, count_month=10)
    school = school_with(pupils=200)  # counted on 1 February 2026: not the date now
    PupilCountFactory(school=school, count_date=datetime.date(2026, 10, 1), pupils=180)

    breakdown = service.compute(school, scheme)

    assert breakdown.count_date == datetime.date(2026, 10, 1)
    assert breakdown.pupils == 180
    assert breakdown.amount == Decimal("4374.00")  # 180 x 24.30, phase 1


def test_a_count_date_that_does_not_exist_every_year_is_refused():
    scheme = EducationScheme(year=2027, count_day=29, count_month=2)
    with pytest.raises(ValidationError) as refused:
        scheme.full_clean()
    assert "count_day" in refused.value.message_dict


def test_carry_over_needs_its_cap_and_lapsing_money_has_none():
    with pytest.raises(ValidationError) as refused:
        EducationScheme(year=2027, unspent_rule=UnspentRule.CARRY_OVER).full_clean()
    assert "carry_over_cap" in refused.value.message_dict
    with pytest.raises(ValidationError):
        EducationScheme(year=2027, unspent_rule=UnspentRule.LAPSES, carry_over_cap=10).full_clean()
    scheme = EducationScheme(year=2027, unspent_rule=UnspentRule.CARRY_OVER, carry_over_cap=10)
    scheme.full_clean()
    assert scheme.carry_over_limit(Decimal("7290.00")) == Decimal("729")


# --- phases ---------------------------------------------------------------------------------------
def test_an_assessment_is_valid_for_its_year_and_the_next():
    school = SchoolFactory()
    PhaseAssessmentFactory(school=school, phase=3, first_year=2027)

    assert service.phase_for(school, 2026) == 1
    assert service.phase_for(school, 2027) == 3
    assert service.phase_for(school, 2028) == 3
    assert service.phase_for(school, 2029) == 1


def test_without_an_assessment_a_school_is_in_phase_1_and_the_allocation_says_so(manager):
    scheme = scheme_with_rates()
    school = school_with(pupils=200)

    service.allocate(scheme, manager)

    allocation = Allocation.objects.get(school=school)
    assert (allocation.phase, allocation.phase_assessment) == (1, None)
    assert allocation.amount == Decimal("4860.00")


def test_a_school_has_at_most_one_assessment_valid_in_a_year():
    school, adviser = SchoolFactory(), UserFactory()
    PhaseAssessmentFactory(school=school, first_year=2027)

    for overlapping in (2026, 2027, 2028):
        assessment = PhaseAssessmentFactory.build(
            school=school, first_year=overlapping, adviser=adviser
        )
        with pytest.raises(ValidationError) as refused:
            assessment.full_clean()
        assert "first_year" in refused.value.message_dict
    following = PhaseAssessmentFactory.build(school=school, first_year=2029, adviser=adviser)
    following.full_clean()


# --- drafts, confirmation, corrections ------------------------------------------------------------
def test_a_run_creates_drafts_for_active_schools_of_types_with_a_rate(manager):
    scheme = scheme_with_rates()
    po = school_with(pupils=200, phase=2)
    school_with(pupils=100, school_type=SchoolType.VO)  # no VO rate in this scheme
    inactive = school_with(pupils=100)
    inactive.is_active = False
    inactive.save()
    uncounted = school_with(pupils=None)

    result = service.allocate(scheme, manager)

    allocation = Allocation.objects.get()
    assert allocation.school == po
    assert (allocation.status, allocation.amount, allocation.phase) == (
        AllocationStatus.DRAFT,
        Decimal("7290.00"),
        2,
    )
    assert result.created == 1
    assert len(result.skipped) == 1 and uncounted.name in result.skipped[0]
    assert ModelLogEntry.objects.filter(action=service.ALLOCATE_ACTION).count() == 1


def test_a_draft_is_refreshed_but_a_confirmed_allocation_is_frozen(manager):
    scheme = scheme_with_rates()
    draft_school = school_with(pupils=200, phase=2)
    frozen_school = school_with(pupils=200, phase=2)
    service.allocate(scheme, manager)
    service.confirm(Allocation.objects.get(school=frozen_school), manager)

    # The counts and the rate change afterwards.
    draft_school.pupil_counts.update(pupils=100)
    frozen_school.pupil_counts.update(pupils=100)
    scheme.rates.update(own_contribution=Decimal("20.00"))
    result = service.allocate(scheme, manager)

    draft = Allocation.objects.get(school=draft_school)
    frozen = Allocation.objects.get(school=frozen_school)
    assert (draft.pupils, draft.amount) == (100, Decimal("4430.00"))  # 100 x (20 + 12.15 x 2)
    assert (frozen.pupils, frozen.amount, frozen.own_rate) == (
        200,
        Decimal("7290.00"),
        Decimal("12.15"),
    )
    assert frozen.status == AllocationStatus.CONFIRMED and frozen.confirmed_by == manager
    assert (result.refreshed, result.frozen, result.created) == (1, 1, 0)
    with pytest.raises(service.AllocationError):
        service.confirm(frozen, manager)


def test_a_draft_whose_school_lost_its_count_is_removed_but_a_confirmed_one_stays(manager):
    scheme = scheme_with_rates()
    draft_school = school_with(pupils=200)
    frozen_school = school_with(pupils=200)
    service.allocate(scheme, manager)
    service.confirm(Allocation.objects.get(school=frozen_school), manager)
    draft_school.pupil_counts.all().delete()
    frozen_school.pupil_counts.all().delete()

    result = service.allocate(scheme, manager)

    assert result.removed == 1
    assert list(Allocation.objects.values_list("school", flat=True)) == [frozen_school.pk]


def test_a_correction_needs_a_reason_and_is_kept_and_logged(manager):
    scheme = scheme_with_rates()
    school_with(pupils=200, phase=2)
    service.allocate(scheme, manager)
    allocation = Allocation.objects.get()

    with pytest.raises(service.AllocationError):
        service.correct(allocation, Decimal("7000"), "", manager)  # a draft, and no reason
    allocation = service.confirm(allocation, manager)
    with translation.override("en"), pytest.raises(service.AllocationError, match="reason"):
        service.correct(allocation, Decimal("7000"), "   ", manager)
    assert not AllocationCorrection.objects.exists()

    service.correct(allocation, Decimal("7000"), "Nevenvestiging telde dubbel.", manager)

    allocation.refresh_from_db()
    assert (allocation.amount, allocation.computed_amount) == (
        Decimal("7000.00"),
        Decimal("7290.00"),
    )
    correction = AllocationCorrection.objects.get()
    assert (correction.previous_amount, correction.new_amount, correction.corrected_by) == (
        Decimal("7290.00"),
        Decimal("7000.00"),
        manager,
    )
    entry = ModelLogEntry.objects.get(action=service.CORRECT_ACTION)
    assert entry.user_id == manager.pk and entry.object_id == str(allocation.pk)
    # A run afterwards leaves the corrected amount as it is.
    service.allocate(scheme, manager)
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("7000.00")


def test_only_staff_of_the_funds_purpose_may_take_the_steps():
    scheme = scheme_with_rates()
    school_with(pupils=200)
    moderator = UserFactory(groups=[Role.MODERATOR])
    with pytest.raises(Exception) as refused:
        service.allocate(scheme, moderator)
    assert type(refused.value).__name__ == "PermissionDenied"
    assert not Allocation.objects.exists()


# --- the admin ------------------------------------------------------------------------------------
ADMIN_PAGES = [
    "schemes/",
    "schemes/new/",
    "phases/",
    "phases/new/",
    "allocations/",
    "allocations/run/",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.FUND_MANAGER, {200}),
        (Role.MODERATOR, {302, 403}),
        (Role.PRIVACY_OFFICER, {302, 403}),
        (Role.EDITOR, {302, 403}),
        (Role.REVIEWER, {302}),  # no admin access at all: sent to log in
        (None, {302}),
    ],
)
def test_admin_pages_are_for_fund_managers(client, page, role, expected):
    scheme_with_rates()
    if role is not None:
        client.force_login(UserFactory(groups=[role]))
    response = client.get(ADMIN + page)
    assert response.status_code in expected


def test_allocation_pages_of_one_allocation_are_for_fund_managers(client, manager):
    scheme = scheme_with_rates()
    school_with(pupils=200)
    service.allocate(scheme, manager)
    allocation = Allocation.objects.get()
    pages = [f"allocations/inspect/{allocation.pk}/", f"allocations/confirm/{allocation.pk}/"]

    client.force_login(UserFactory(groups=[Role.MODERATOR]))
    for page in pages:
        assert client.get(ADMIN + page).status_code in (302, 403)
    client.force_login(manager)
    for page in pages:
        assert client.get(ADMIN + page).status_code == 200
    assert AccessLogEntry.objects.filter(user=manager, object_id=str(allocation.pk)).exists()


def test_a_scheme_is_made_with_its_rates_inline(manager_client):
    data = {
        "year": "2028",
        "multiplier_phase_1": "1",
        "multiplier_phase_2": "2",
        "multiplier_phase_3": "4",
        "minimum_pupil_share": "90",
        "unspent_rule": UnspentRule.LAPSES,
        "carry_over_cap": "",
        "spending_reminder_on": "2028-09-01",
        "spending_reminder_below": "50",
        "count_day": "1",
        "count_month": "2",
        "rates-TOTAL_FORMS": "2",
        "rates-INITIAL_FORMS": "0",
        "rates-MIN_NUM_FORMS": "0",
        "rates-MAX_NUM_FORMS": "1000",
        "rates-0-school_type": "PO",
        "rates-0-own_contribution": "12.15",
        "rates-0-municipal_amount": "12.15",
        "rates-0-ORDER": "1",
        "rates-1-school_type": "VO",
        "rates-1-own_contribution": "9.00",
        "rates-1-municipal_amount": "11.50",
        "rates-1-ORDER": "2",
    }
    response = manager_client.post(ADMIN + "schemes/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    scheme = EducationScheme.objects.get(year=2028)
    assert sorted(scheme.rates.values_list("school_type", "municipal_amount")) == [
        ("PO", Decimal("12.15")),
        ("VO", Decimal("11.50")),
    ]

    # The same school type twice is refused, and what was typed stays in the form.
    data.update({"year": "2029", "rates-1-school_type": "PO"})
    response = manager_client.post(ADMIN + "schemes/new/", data)
    assert response.status_code == 200
    assert not EducationScheme.objects.filter(year=2029).exists()
    assert 'value="2029"' in response.content.decode()


def test_the_assessment_form_refuses_an_overlap_on_the_field(manager_client, manager):
    school = SchoolFactory()
    PhaseAssessmentFactory(school=school, first_year=2027)
    data = {
        "school": school.pk,
        "phase": "3",
        "first_year": "2028",
        "score_curriculum": "4",
        "score_ambition": "4",
        "score_pupils": "3",
        "score_team": "4",
        "score_environment": "3",
        "score_finances": "4",
        "adviser": manager.pk,
        "assessed_on": "2026-11-20",
        "notes": "Sterke ambitie, team enthousiast.",
    }

    response = manager_client.post(ADMIN + "phases/new/", data)

    assert response.status_code == 200
    assert "first_year" in response.context["form"].errors
    assert "Sterke ambitie, team enthousiast." in response.content.decode()
    assert PhaseAssessment.objects.count() == 1

    data["first_year"] = "2029"
    assert manager_client.post(ADMIN + "phases/new/", data).status_code == 302
    made = PhaseAssessment.objects.get(first_year=2029)
    assert (made.phase, made.adviser, made.valid_until) == (3, manager, datetime.date(2030, 12, 31))


def test_allocate_confirm_and_correct_in_the_admin(manager_client, manager):
    scheme = scheme_with_rates()
    school = school_with(pupils=200, phase=2)

    response = manager_client.post(
        ADMIN + "allocations/run/", {"scheme": scheme.pk, "action": "allocate"}
    )
    assert response.status_code == 302
    listing = manager_client.get(ADMIN + f"allocations/?scheme={scheme.pk}").content.decode()
    assert school.name in listing
    assert "7.290,00" in listing or "7,290.00" in listing

    allocation = Allocation.objects.get()
    correct_url = ADMIN + f"allocations/correct/{allocation.pk}/"
    assert manager_client.post(correct_url, {"amount": "7000", "reason": "x"}).status_code == 200
    assert not AllocationCorrection.objects.exists()  # a draft is not corrected

    response = manager_client.post(
        ADMIN + "allocations/run/", {"scheme": scheme.pk, "action": "confirm"}
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.CONFIRMED

    response = manager_client.post(correct_url, {"amount": "7000.00", "reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert 'value="7000.00"' in response.content.decode()  # what was typed stays
    assert not AllocationCorrection.objects.exists()

    response = manager_client.post(
        correct_url, {"amount": "7000.00", "reason": "Leerlingtelling gecorrigeerd."}
    )
    assert response.status_code == 302
    page = manager_client.get(ADMIN + f"allocations/inspect/{allocation.pk}/").content.decode()
    assert "Leerlingtelling gecorrigeerd." in page
    assert AllocationCorrection.objects.get().new_amount == Decimal("7000.00")


@pytest.mark.parametrize("page", ["allocations/", "phases/"])
def test_the_lists_take_a_fixed_number_of_queries(
    manager_client, manager, page, django_assert_max_num_queries
):
    scheme = scheme_with_rates()
    for pupils in range(100, 130):
        school_with(pupils=pupils, phase=2)
    service.allocate(scheme, manager)
    assert Allocation.objects.count() == 30

    with django_assert_max_num_queries(25):
        response = manager_client.get(ADMIN + page)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 30


def test_a_run_reads_its_inputs_in_the_same_few_queries_for_3_or_30_schools(manager):
    """Schools, counts, assessments and rates are read once per run, not once per school (the
    writes, one per allocation, do grow with the number of schools)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scheme = scheme_with_rates(year=2027)

    def reads_of_a_run(schools):
        for n in range(schools):
            school_with(pupils=100 + n, phase=1 + n % 3)
        with CaptureQueriesContext(connection) as captured:
            service.allocate(scheme, manager)
        Allocation.objects.all().delete()
        tables = ("schools_pupilcount", "funds_phaseassessment", "funds_schemerate")
        tables += ("schools_school",)
        return [
            sql
            for sql in (q["sql"] for q in captured.captured_queries)
            if sql.startswith("SELECT") and any(f'FROM "{table}"' in sql for table in tables)
        ]

    reads_of_a_run(1)  # warms the caches (the register's purposes, content types)
    SchoolFactory._meta.model.objects.update(is_active=False)
    few = reads_of_a_run(3)
    SchoolFactory._meta.model.objects.update(is_active=False)  # out of the next run
    many = reads_of_a_run(30)
    assert 0 < len(many) == len(few)
