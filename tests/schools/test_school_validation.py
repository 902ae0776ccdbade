import pytest
from django.core.exceptions import ValidationError

from schools.models import School
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "OBS Het Anker",
    "brin": "12AB",
    "branch": "00",
    "school_type": "PO",
    "street_address": "Ankerstraat 1",
    "postcode": "8011 AB",
    "city": "Zwolle",
    "wijk": "binnenstad",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("brin", "1ABC", "Vul een geldig BRIN-nummer in: twee cijfers en twee letters"),
        ("brin", "12A", "Vul een geldig BRIN-nummer in"),
        ("brin", "1234", "Vul een geldig BRIN-nummer in"),
        ("branch", "0A", "Vul het vestigingsnummer in als twee cijfers"),
        ("postcode", "801 AB", "Vul een geldige Nederlandse postcode in"),
        ("postcode", "0801 AB", "Vul een geldige Nederlandse postcode in"),
        ("postcode", "8011 SS", "Vul een geldige Nederlandse postcode in"),
        ("postcode", "ABCD 12", "Vul een geldige Nederlandse postcode in"),
    ],
)
def test_invalid_brin_or_postcode_gives_a_dutch_field_error_and_keeps_the_input(
    admin_client, field, value, message
):
    data = {**VALID, field: value}
    response = admin_client.post("/admin/schools/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # What was entered stays in the form.
    assert 'value="OBS Het Anker"' in html
    assert not School.objects.exists()


def test_valid_school_is_saved_with_normalised_postcode(admin_client):
    response = admin_client.post("/admin/schools/new/", {**VALID, "postcode": "8011ab"})
    assert response.status_code == 302
    school = School.objects.get()
    assert school.postcode == "8011 AB"
    assert school.brin_code == "12AB00"


def test_brin_and_branch_are_unique_together(admin_client):
    admin_client.post("/admin/schools/new/", VALID)
    response = admin_client.post("/admin/schools/new/", {**VALID, "name": "Dubbel"})
    assert response.status_code == 200
    assert School.objects.count() == 1


def test_model_validation_outside_forms():
    school = School(**VALID)
    school.full_clean()
    school.brin = "AB12"
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert "brin" in error.value.message_dict
