"""The schools register import: a CSV in the layout of DUO's open data of school branches,
planned row by row, refused rows named by their row number, applied all or nothing, once."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.fields import Wijk
from portal.roles import Role
from privacy.models import AccessLogEntry
from schools.importing import (
    AlreadyApplied,
    ImportRefused,
    apply_import,
    plan_import,
    school_type_for,
)
from schools.models import PupilCount, School, SchoolImport, SchoolType
from tests.factories.portal import UserFactory
from tests.factories.schools import PupilCountFactory, SchoolFactory, SchoolImportFactory
from tests.privacy.test_register_admin import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The plan speaks the active language: English, to read the msgids."""
    with translation.override("en"):
        yield


# --- Sample files --------------------------------------------------------------------------

# The columns of DUO's "Adressen alle vestigingen" (po), with a count date, a count and WIJK.
HEADER = [
    "PROVINCIE",
    "BEVOEGD GEZAG NUMMER",
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "VESTIGINGSNAAM",
    "STRAATNAAM",
    "HUISNUMMER-TOEVOEGING",
    "POSTCODE",
    "PLAATSNAAM",
    "GEMEENTENAAM",
    "DENOMINATIE",
    "SOORT PO",
    "PEILDATUM",
    "AANTAL LEERLINGEN",
    "WIJK",
]


def branch(**values):
    """One row as a dict of column -> value; a valid new PO school in Zwolle by default."""
    row = {
        "PROVINCIE": "Overijssel",
        "BEVOEGD GEZAG NUMMER": "41234",
        "BRIN NUMMER": "31XY",
        "VESTIGINGSNUMMER": "31XY00",
        "VESTIGINGSNAAM": "OBS DE ZONNEWIJZER",
        "STRAATNAAM": "ZONNEWIJZERSTRAAT",
        "HUISNUMMER-TOEVOEGING": "12",
        "POSTCODE": "8043AB",
        "PLAATSNAAM": "ZWOLLE",
        "GEMEENTENAAM": "ZWOLLE",
        "DENOMINATIE": "Openbaar",
        "SOORT PO": "Bo",
        "PEILDATUM": "20251001",
        "AANTAL LEERLINGEN": "214",
        "WIJK": "Stadshagen",
    }
    row.update(values)
    return row


def duo_csv(rows, *, header=HEADER, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    """A CSV as DUO publishes it (or a spreadsheet saves it): header row, then the rows."""

    def line(cells):
        quoted = []
        for cell in cells:
            cell = str(cell)
            if delimiter in cell or '"' in cell:
                cell = '"' + cell.replace('"', '""') + '"'
            quoted.append(cell)
        return delimiter.join(quoted)

    text = "\r\n".join([line(header), *(line(row.get(c, "") for c in header) for row in rows)])
    data = (text + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(data: bytes, **kwargs) -> SchoolImport:
    return SchoolImportFactory(file__data=data, **kwargs)


def register_state():
    """Everything an import may touch, to compare before and after."""
    return (
        sorted(School.objects.values_list()),
        sorted(PupilCount.objects.values_list()),
        sorted(SchoolImport.objects.values_list("pk", "applied_at", "summary")),
    )


@pytest.fixture
def regenboog():
    """An existing school, as staff entered it, with last year's count."""
    school = SchoolFactory(
        name="OBS De Regenboog",
        brin="01RB",
        branch="00",
        school_type=SchoolType.PO,
        street_address="Regenboogstraat 4",
        postcode="8043 MB",
        city="Zwolle",
        wijk=Wijk.STADSHAGEN,
        email="info@regenboog.test",
    )
    PupilCountFactory(school=school, count_date=datetime.date(2024, 10, 1), pupils=300)
    return school


def regenboog_row(**values):
    return branch(
        **{
            "BRIN NUMMER": "01RB",
            "VESTIGINGSNUMMER": "01RB00",
            "VESTIGINGSNAAM": "OBS DE REGENBOOG",
            "STRAATNAAM": "REGENBOOGSTRAAT",
            "HUISNUMMER-TOEVOEGING": "4",
            "POSTCODE": "8043MB",
            "WIJK": "",
            **values,
        }
    )


# --- A good file ---------------------------------------------------------------------------


def test_a_good_file_creates_and_updates_schools_and_counts(regenboog):
    changed = SchoolFactory(
        name="CBS Het Kompas", brin="02HK", school_type=SchoolType.PO, postcode="8025 BL"
    )
    PupilCountFactory(school=changed, count_date=datetime.date(2025, 10, 1), pupils=180)
    data = duo_csv(
        [
            branch(),  # new
            regenboog_row(**{"PEILDATUM": "2025-10-01", "AANTAL LEERLINGEN": "312"}),
            branch(
                **{
                    "BRIN NUMMER": "02HK",
                    "VESTIGINGSNUMMER": "00",
                    "VESTIGINGSNAAM": "CBS Het Kompas",
                    "STRAATNAAM": "Kompasweg",
                    "HUISNUMMER-TOEVOEGING": "14",
                    "POSTCODE": "8025 BM",
                    "PEILDATUM": "01-10-2025",
                    "AANTAL LEERLINGEN": "185",
                    "WIJK": "",
                }
            ),
        ]
    )
    plan = plan_import(data)
    assert plan.can_apply, [row.reasons for row in plan.rows]
    assert [(row.number, row.school, row.count) for row in plan.rows] == [
        (2, "new", "new"),
        (3, "unchanged", "new"),
        (4, "changed", "changed"),
    ]
    kompas = plan.rows[2]
    assert {(c.field, c.old, c.new) for c in kompas.changes} == {
        ("street_address", changed.street_address, "Kompasweg 14"),
        ("postcode", "8025 BL", "8025 BM"),
    }
    assert kompas.previous_pupils == 180 and kompas.pupils == 185
    assert plan.counts() == {
        "rows": 3,
        "new_schools": 1,
        "changed_schools": 1,
        "unchanged_schools": 1,
        "new_counts": 2,
        "changed_counts": 1,
        "refused_rows": 0,
    }

    school_import = upload(data)
    apply_import(school_import, school_import.uploaded_by)

    new = School.objects.get(brin="31XY", branch="00")
    assert (new.name, new.street_address, new.postcode, new.city, new.wijk, new.school_type) == (
        "OBS DE ZONNEWIJZER",
        "ZONNEWIJZERSTRAAT 12",
        "8043 AB",
        "Zwolle",
        Wijk.STADSHAGEN,
        SchoolType.PO,
    )
    assert new.pupil_counts.get().pupils == 214
    assert new.pupil_counts.get().count_date == datetime.date(2025, 10, 1)
    regenboog.refresh_from_db()
    # DUO's capitals are no change: the register keeps its spelling, and the email is untouched.
    assert regenboog.name == "OBS De Regenboog"
    assert regenboog.email == "info@regenboog.test"
    assert list(regenboog.pupil_counts.values_list("pupils", flat=True)) == [312, 300]
    changed.refresh_from_db()
    assert (changed.street_address, changed.postcode) == ("Kompasweg 14", "8025 BM")
    count = changed.pupil_counts.get()
    assert count.pupils == 185
    assert count.source == f"import #{school_import.pk}: vestigingen.csv"
    school_import.refresh_from_db()
    assert school_import.applied_at is not None
    assert school_import.summary["counts"]["new_schools"] == 1


def test_a_file_without_counts_imports_schools_only():
    data = duo_csv(
        [branch()], header=[c for c in HEADER if c not in ("PEILDATUM", "AANTAL LEERLINGEN")]
    )
    school_import = upload(data)
    apply_import(school_import)
    assert School.objects.filter(brin="31XY").exists()
    assert not PupilCount.objects.exists()


def test_a_new_school_outside_zwolle_is_outside_zwolle():
    data = duo_csv([branch(**{"PLAATSNAAM": "KAMPEN", "POSTCODE": "8261AB", "WIJK": ""})])
    apply_import(upload(data))
    school = School.objects.get(brin="31XY")
    assert (school.city, school.wijk) == ("Kampen", Wijk.OUTSIDE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bo", SchoolType.PO),
        ("BAO", SchoolType.PO),
        ("Sbo", SchoolType.PO),
        ("So", SchoolType.SO),
        ("VSO", SchoolType.VSO),
        ("voortgezet speciaal onderwijs", SchoolType.VSO),
        ("VO", SchoolType.VO),
        ("VWO/HAVO/VMBO-T", SchoolType.VO),
        ("PRO", SchoolType.VO),
        ("(V)SO", None),
        ("SO/VSO", None),
        ("MBO", None),
    ],
)
def test_duo_types_map_to_the_register_types(value, expected):
    assert school_type_for(value) == expected


# --- A dry run changes nothing -------------------------------------------------------------


def test_a_dry_run_changes_nothing(regenboog):
    data = duo_csv([branch(), regenboog_row(**{"VESTIGINGSNAAM": "OBS De Regenboog Noord"})])
    before = register_state()

    plan = plan_import(data)
    assert [row.school for row in plan.rows] == ["new", "changed"]
    assert register_state() == before

    path = _write_file(data)
    out = StringIO()
    call_command("import_schools", str(path), "--dry-run", stdout=out)
    assert register_state() == before
    output = out.getvalue()
    assert "row     2  31XY00" in output and "New school" in output
    assert (
        "row     3  01RB00" in output and "“OBS De Regenboog” → “OBS De Regenboog Noord”" in output
    )
    assert "Dry run: nothing was changed." in output


def _write_file(data, name="vestigingen.csv"):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


def test_the_command_applies_a_good_file_and_keeps_it_in_the_log(regenboog):
    path = _write_file(duo_csv([branch()]))
    out = StringIO()
    call_command("import_schools", str(path), stdout=out)
    assert School.objects.filter(brin="31XY").exists()
    school_import = SchoolImport.objects.get()
    assert school_import.applied_at is not None and school_import.uploaded_by is None
    assert school_import.file.read() == path.read_bytes()
    assert f"Applied as import #{school_import.pk}." in out.getvalue()


def test_the_command_refuses_a_file_with_a_bad_row_and_changes_nothing(regenboog):
    path = _write_file(duo_csv([branch(), branch(**{"BRIN NUMMER": "3XYZ"})]))
    before = register_state()
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_schools", str(path), stdout=out)
    assert register_state() == before
    assert "row     3" in out.getvalue() and "Invalid BRIN number “3XYZ”" in out.getvalue()


# --- Bad rows ------------------------------------------------------------------------------

BAD_ROWS = [
    ({"BRIN NUMMER": "1ABC", "VESTIGINGSNUMMER": "00"}, "Invalid BRIN number “1ABC”"),
    ({"BRIN NUMMER": "", "VESTIGINGSNUMMER": "00"}, "No BRIN number (BRIN NUMMER)"),
    ({"VESTIGINGSNUMMER": "A1"}, "Invalid vestiging “A1”"),
    ({"VESTIGINGSNUMMER": "99ZZ00"}, "Invalid vestiging “99ZZ00”"),
    ({"SOORT PO": "MBO"}, "Unknown school type “MBO”"),
    ({"SOORT PO": "(V)SO"}, "Unknown school type “(V)SO”"),
    ({"SOORT PO": ""}, "No school type (SOORT PO)"),
    ({"VESTIGINGSNAAM": "  "}, "No name (VESTIGINGSNAAM)"),
    ({"STRAATNAAM": ""}, "No street (STRAATNAAM)"),
    ({"POSTCODE": "80431"}, "Invalid postcode “80431”"),
    ({"POSTCODE": ""}, "No postcode (POSTCODE)"),
    ({"PLAATSNAAM": ""}, "No place (PLAATSNAAM)"),
    ({"AANTAL LEERLINGEN": "twaalf"}, "Bad pupil count “twaalf”"),
    ({"AANTAL LEERLINGEN": "-3"}, "Bad pupil count “-3”"),
    ({"AANTAL LEERLINGEN": "20251001"}, "Bad pupil count “20251001”"),
    ({"PEILDATUM": "31-02-2025"}, "Bad count date “31-02-2025”"),
    ({"PEILDATUM": ""}, "A pupil count without its count date"),
    ({"AANTAL LEERLINGEN": ""}, "A count date without its pupil count"),
    ({"WIJK": "Noord"}, "Unknown wijk “Noord”"),
    ({"WIJK": ""}, "A new school in Zwolle needs its wijk"),
    ({"VESTIGINGSNAAM": "X" * 201}, "name: Ensure this value has at most 200 characters"),
]


@pytest.mark.parametrize(("values", "reason"), BAD_ROWS)
def test_a_bad_row_is_refused_with_its_row_number_and_reason(regenboog, values, reason):
    good = branch(**{"BRIN NUMMER": "32XY", "VESTIGINGSNUMMER": "32XY00"})
    data = duo_csv([good, regenboog_row(), branch(**values)])
    plan = plan_import(data)
    refused = plan.refused_rows
    assert [row.number for row in refused] == [4]
    assert any(reason in text for text in refused[0].reasons), refused[0].reasons
    assert not plan.can_apply
    assert plan.counts()["refused_rows"] == 1


def test_duplicates_in_the_file_name_each_other():
    data = duo_csv(
        [
            branch(),
            branch(**{"BRIN NUMMER": "32XY", "VESTIGINGSNUMMER": "32XY00"}),
            branch(**{"VESTIGINGSNUMMER": "00", "VESTIGINGSNAAM": "OBS De Zonnewijzer"}),
        ]
    )
    plan = plan_import(data)
    reasons = {row.number: row.reasons for row in plan.refused_rows}
    assert reasons == {
        2: ["Duplicate: BRIN 31XY00 is also on row 4 of this file."],
        4: ["Duplicate: BRIN 31XY00 is also on row 2 of this file."],
    }


def test_row_numbers_count_the_empty_rows_a_spreadsheet_shows():
    data = (
        duo_csv([branch()])
        + b";;;;\r\n"
        + duo_csv([branch(**{"SOORT PO": "X"})])[len(duo_csv([])) :]
    )
    plan = plan_import(data)
    assert [row.number for row in plan.rows] == [2, 4]
    assert plan.rows[1].refused


def test_nothing_is_applied_while_a_row_is_refused(regenboog):
    data = duo_csv(
        [
            branch(),
            regenboog_row(**{"VESTIGINGSNAAM": "OBS De Regenboog Noord"}),
            branch(**{"BRIN NUMMER": "33XY", "VESTIGINGSNUMMER": "33XY00", "SOORT PO": "MBO"}),
        ]
    )
    school_import = upload(data)
    before = register_state()
    with pytest.raises(ImportRefused) as refused:
        apply_import(school_import)
    assert [row.number for row in refused.value.plan.refused_rows] == [4]
    assert register_state() == before


def test_an_upload_is_applied_once():
    school_import = upload(duo_csv([branch()]))
    apply_import(school_import)
    School.objects.filter(brin="31XY").delete()
    with pytest.raises(AlreadyApplied):
        apply_import(school_import)
    assert not School.objects.filter(brin="31XY").exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ([c for c in HEADER if c != "BRIN NUMMER"], "Columns missing in row 1: BRIN NUMMER."),
        ([c for c in HEADER if c != "SOORT PO"], "Columns missing in row 1: SOORT PO / "),
        ([c for c in HEADER if c != "PEILDATUM"], "Pupil counts need both a count date column"),
    ],
)
def test_a_file_without_the_needed_columns_is_refused_as_a_whole(header, message):
    plan = plan_import(duo_csv([branch()], header=header))
    assert not plan.rows and not plan.can_apply
    assert any(message in error for error in plan.errors), plan.errors


def test_empty_and_binary_files_are_refused():
    assert plan_import(b"").errors == ["The file is empty."]
    assert "no rows" in plan_import(duo_csv([])).errors[0]
    assert "not a CSV text file" in plan_import(b"PK\x03\x04\x00\x00binary").errors[0]


# --- Encodings and separators --------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        (";", "utf-8", False),
        (";", "utf-8", True),
        (",", "utf-8", True),
        (",", "utf-8", False),
        (";", "cp1252", False),
        (",", "cp1252", False),
    ],
)
def test_separators_and_encodings(delimiter, encoding, bom):
    rows = [
        branch(**{"VESTIGINGSNAAM": "Het Mozaïek, school voor VSO", "SOORT PO": "Vso"}),
        branch(**{"BRIN NUMMER": "32XY", "VESTIGINGSNUMMER": "1", "WIJK": "zwolle zuid"}),
    ]
    data = duo_csv(rows, delimiter=delimiter, encoding=encoding, bom=bom)
    plan = plan_import(data)
    assert plan.can_apply, plan.errors + [r.reasons for r in plan.rows]
    apply_import(upload(data))
    mozaiek = School.objects.get(brin="31XY")
    assert (mozaiek.name, mozaiek.school_type) == ("Het Mozaïek, school voor VSO", SchoolType.VSO)
    second = School.objects.get(brin="32XY")
    assert (second.branch, second.wijk) == ("01", Wijk.ZWOLLE_ZUID)


def test_the_newer_duo_layout_with_codes_and_onderwijsstructuur():
    header = [
        "INSTELLINGSCODE",
        "VESTIGINGSCODE",
        "VESTIGINGSNAAM",
        "STRAATNAAM",
        "HUISNUMMER-TOEVOEGING",
        "POSTCODE",
        "PLAATSNAAM",
        "ONDERWIJSSTRUCTUUR",
        "WIJK",
    ]
    row = {
        "INSTELLINGSCODE": "20AB",
        "VESTIGINGSCODE": "20AB01",
        "VESTIGINGSNAAM": "Lyceum De IJsselgaard",
        "STRAATNAAM": "IJsselallee",
        "HUISNUMMER-TOEVOEGING": "100",
        "POSTCODE": "8032 AK",
        "PLAATSNAAM": "ZWOLLE",
        "ONDERWIJSSTRUCTUUR": "HAVO/VWO",
        "WIJK": "westenholte",
    }
    apply_import(upload(duo_csv([row], header=header)))
    school = School.objects.get(brin="20AB", branch="01")
    assert (school.school_type, school.wijk) == (SchoolType.VO, Wijk.WESTENHOLTE)


# --- The admin: upload -> plan -> apply ----------------------------------------------------

INDEX = "/admin/schools/imports/"
UPLOAD = "/admin/schools/imports/new/"


def plan_url(school_import):
    return f"/admin/schools/imports/inspect/{school_import.pk}/"


def apply_url(school_import):
    return f"/admin/schools/imports/apply/{school_import.pk}/"


@pytest.fixture
def manager():
    return in_english(UserFactory(groups=[Role.FUND_MANAGER]))


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def post_file(client, data, name="vestigingen.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_admin_upload_plan_apply(manager_client, manager, regenboog):
    assert manager_client.get(INDEX).status_code == 200
    assert manager_client.get(UPLOAD).status_code == 200
    data = duo_csv([branch(), regenboog_row(**{"VESTIGINGSNAAM": "OBS De Regenboog Noord"})])

    response = post_file(manager_client, data)
    school_import = SchoolImport.objects.get()
    assert response.status_code == 302 and response["Location"] == plan_url(school_import)
    assert school_import.uploaded_by == manager and school_import.applied_at is None
    assert school_import.original_name == "vestigingen.csv"
    assert not School.objects.filter(brin="31XY").exists()  # an upload changes nothing

    page = manager_client.get(plan_url(school_import)).content.decode()
    assert "1 new school" in page and "1 changed school" in page and "0 rows refused" in page
    assert 'data-row="2"' in page and "31XY00" in page and "New school" in page
    assert "“OBS De Regenboog” → “OBS De Regenboog Noord”" in page
    assert "Apply these changes" in page

    response = manager_client.post(apply_url(school_import))
    assert response.status_code == 302 and response["Location"] == plan_url(school_import)
    assert School.objects.filter(brin="31XY").exists()
    regenboog.refresh_from_db()
    assert regenboog.name == "OBS De Regenboog Noord"
    school_import.refresh_from_db()
    assert school_import.applied_by == manager

    page = manager_client.get(plan_url(school_import)).content.decode()
    assert "This file was applied" in page and "Apply these changes" not in page
    assert "OBS De Regenboog Noord" in page  # what was applied, not a new plan

    # A second apply of the same upload is refused and changes nothing.
    regenboog.name = "OBS De Regenboog"
    regenboog.save()
    response = manager_client.post(apply_url(school_import), follow=True)
    assert "already applied" in response.content.decode()
    regenboog.refresh_from_db()
    assert regenboog.name == "OBS De Regenboog"

    log = manager_client.get(INDEX).content.decode()
    assert f'href="{plan_url(school_import)}"' in log
    assert "vestigingen.csv" in log and "1 new school" in log


def test_admin_plan_with_refused_rows_offers_no_apply(manager_client, regenboog):
    data = duo_csv([branch(), branch(**{"VESTIGINGSNUMMER": "00"})])
    post_file(manager_client, data)
    school_import = SchoolImport.objects.get()
    page = manager_client.get(plan_url(school_import)).content.decode()
    assert "2 rows are refused" in page and "Apply these changes" not in page
    assert "Duplicate: BRIN 31XY00 is also on row 3 of this file." in page
    assert "Duplicate: BRIN 31XY00 is also on row 2 of this file." in page

    before = register_state()
    response = manager_client.post(apply_url(school_import), follow=True)
    assert "Nothing was applied" in response.content.decode()
    assert register_state() == before


def test_admin_upload_of_an_unreadable_file_says_why_on_the_field(manager_client):
    data = duo_csv([branch()], header=[c for c in HEADER if c != "POSTCODE"])
    response = post_file(manager_client, data)
    assert response.status_code == 200
    assert "Columns missing in row 1: POSTCODE." in response.content.decode()
    assert not SchoolImport.objects.exists()


def test_the_import_log_is_in_the_access_log(manager_client, manager):
    manager_client.get(INDEX)
    entry = AccessLogEntry.objects.get(user=manager)
    assert entry.purpose == "fonds-cultuureducatie"


LOGIN = "login"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", LOGIN),
        ("no_admin_access", LOGIN),
        (Role.MODERATOR, 403),
        (Role.PRIVACY_OFFICER, 403),
        (Role.EDITOR, 403),
        (Role.FUND_MANAGER, 200),
    ],
)
@pytest.mark.parametrize("page", ["index", "upload", "plan", "apply"])
def test_who_may_import(client, who, expected, page):
    school_import = upload(duo_csv([branch()]))
    if who == "no_admin_access":
        client.force_login(UserFactory())
    elif who != "anonymous":
        client.force_login(in_english(UserFactory(groups=[who])))
    url = {
        "index": INDEX,
        "upload": UPLOAD,
        "plan": plan_url(school_import),
        "apply": apply_url(school_import),
    }[page]
    response = client.post(url) if page == "apply" else client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif page == "apply" and expected == 200:
        assert response.status_code == 302 and response["Location"] == plan_url(school_import)
    else:
        assert response.status_code == expected
    applied = School.objects.filter(brin="31XY").exists()
    assert applied == (page == "apply" and who == Role.FUND_MANAGER)


# --- Pupil counts in the admin -------------------------------------------------------------


def test_pupil_counts_list_with_filters(manager_client, django_assert_max_num_queries):
    for n in range(30):
        school = SchoolFactory(school_type=SchoolType.VO if n % 3 == 0 else SchoolType.PO)
        PupilCountFactory(school=school, count_date=datetime.date(2025, 10, 1), pupils=500 + n)
        PupilCountFactory(school=school, count_date=datetime.date(2024, 10, 1), pupils=400 + n)
    vo_school = School.objects.filter(school_type=SchoolType.VO).first()
    with django_assert_max_num_queries(20):
        response = manager_client.get("/admin/schools/pupil-counts/")
    assert response.status_code == 200
    assert vo_school.name in response.content.decode()

    response = manager_client.get(
        "/admin/schools/pupil-counts/",
        {"school_type": "VO", "count_date": "2025-10-01"},
    )
    rows = response.context["object_list"]
    assert len(rows) == 10
    assert all(r.school.school_type == "VO" and r.count_date.year == 2025 for r in rows)


def test_a_schools_inspect_view_shows_its_pupil_counts(manager_client, regenboog):
    response = manager_client.get(f"/admin/schools/inspect/{regenboog.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pupil counts" in page and "300" in page


def test_a_moderator_sees_no_pupil_counts(client):
    client.force_login(in_english(UserFactory(groups=[Role.MODERATOR])))
    response = client.get("/admin/schools/pupil-counts/")
    assert response.status_code in (302, 403)


def test_storage_of_the_upload_is_private(manager_client, settings):
    post_file(manager_client, duo_csv([branch()]))
    school_import = SchoolImport.objects.get()
    assert school_import.file.storage.location == str(
        settings.STORAGES["private"]["OPTIONS"]["location"]
    )
