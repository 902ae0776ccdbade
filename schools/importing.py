"""Importing the schools register from a CSV in the layout of DUO's open data of school
branches ("Adressen alle vestigingen", primair and voortgezet onderwijs).

The file
    One header row (row 1, as a spreadsheet numbers it), then one row per school branch.
    Separated by ';' (as DUO publishes, and as Dutch Excel saves) or ','; UTF-8 with or without
    a byte-order mark, or Windows-1252 (DUO's files and Excel's "CSV (;)"). Column names are
    matched without regard to case, spaces or underscores (the API's BRIN_NUMMER is BRIN NUMMER);
    other columns (PROVINCIE, DENOMINATIE, TELEFOONNUMMER, ...) are ignored.

    required    BRIN NUMMER (or INSTELLINGSCODE): two digits and two letters, e.g. 12AB
                VESTIGINGSNUMMER (or VESTIGINGSCODE): 00, 01, ... or with the BRIN, 12AB00
                VESTIGINGSNAAM (or INSTELLINGSNAAM)
                STRAATNAAM, and HUISNUMMER-TOEVOEGING when the file has it
                POSTCODE, PLAATSNAAM
                a type: SOORT PO (po files), ONDERWIJSSTRUCTUUR (vo files), SOORT ONDERWIJS,
                SCHOOLTYPE or TYPE; per row the first of these that is filled in counts
    optional    PEILDATUM (count date) with AANTAL LEERLINGEN (or TOTAAL AANTAL LEERLINGEN,
                LEERLINGEN, TOTAAL): the pupil count on that date. A row may have neither, not
                one without the other. Dates as 2025-10-01, 01-10-2025, 1/10/2025 or 20251001.
                WIJK: not in DUO's layout; a wijk of Zwolle by name (Zwolle-Zuid) or code.

Types
    DUO's SOORT PO: Bo/Bao (basisonderwijs) -> PO; Sbo/Sbao (speciaal basisonderwijs, a primary
    school under the WPO) -> PO; So -> SO; Vso -> VSO. The codes PO, SO, VSO and VO themselves,
    and their Dutch names, are accepted too. ONDERWIJSSTRUCTUUR (e.g. VWO/HAVO/VMBO-T, PRO)
    -> VO. A branch with both SO and VSO ("(V)SO", "SO/VSO") is refused: the register holds one
    type per branch, so the staff member chooses it in the file.

Wijk
    The project has no postcode -> wijk table, so a wijk is never guessed. A WIJK column sets it;
    without one an existing school keeps its wijk, and a new school outside Zwolle (PLAATSNAAM)
    gets "Outside Zwolle". A new school in Zwolle without a wijk is refused: the model requires
    one, and a wrong wijk would put the school's budget in the wrong neighbourhood's figures.

Names and places
    DUO writes names, streets and places in capitals. A difference only in capitals or spaces is
    no change (the register's "OBS De Regenboog" stays); a place all in capitals is stored as
    "Zwolle" for a new school. Email, phone, website and "active" are never touched.

The plan
    `plan_import(data)` changes nothing and says for each data row (by its row number) whether
    it adds a school, changes one (which fields, old -> new) or leaves it unchanged, and whether
    it adds or changes a pupil count, or why it is refused: invalid BRIN, invalid vestiging,
    unknown type, duplicate of another row in the file (one row per branch: every row of a
    duplicate names the others), a missing name, street, postcode or place, a bad postcode,
    count, date or wijk. Problems with the file as a whole (encoding, missing columns, no rows)
    are the plan's `errors`.

Applying
    `apply_import(school_import, user)` plans again against the database as it is then and
    applies everything in one transaction, or nothing while any row is refused; an upload is
    applied once only.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.fields import Wijk, normalise_postcode, validate_postcode
from schools.models import (
    PupilCount,
    School,
    SchoolImport,
    SchoolType,
    validate_branch,
    validate_brin,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_PUPILS = 20_000  # more pupils at one branch is a number from another column

# Our key -> the column names that hold it, in order of preference (normalised: see _column).
COLUMNS = {
    "brin": ("BRIN NUMMER", "BRINNUMMER", "BRIN", "INSTELLINGSCODE"),
    "branch": ("VESTIGINGSNUMMER", "VESTIGINGSCODE", "VESTIGING"),
    "name": ("VESTIGINGSNAAM", "INSTELLINGSNAAM"),
    "street": ("STRAATNAAM",),
    "number": ("HUISNUMMER-TOEVOEGING", "HUISNUMMER"),
    "postcode": ("POSTCODE",),
    "city": ("PLAATSNAAM",),
    "count_date": ("PEILDATUM", "PEILDATUM LEERLINGEN", "TELDATUM"),
    "pupils": ("AANTAL LEERLINGEN", "TOTAAL AANTAL LEERLINGEN", "LEERLINGEN", "TOTAAL"),
    "wijk": ("WIJK",),
}
REQUIRED = ("brin", "branch", "name", "street", "postcode", "city")
TYPE_COLUMNS = ("SOORT PO", "SOORT ONDERWIJS", "SCHOOLTYPE", "TYPE", "ONDERWIJSSTRUCTUUR")

TYPES = {
    "PO": SchoolType.PO,
    "BO": SchoolType.PO,
    "BAO": SchoolType.PO,
    "BASISONDERWIJS": SchoolType.PO,
    "PRIMAIRONDERWIJS": SchoolType.PO,
    "SBO": SchoolType.PO,
    "SBAO": SchoolType.PO,
    "SPECIAALBASISONDERWIJS": SchoolType.PO,
    "SO": SchoolType.SO,
    "SPECIAALONDERWIJS": SchoolType.SO,
    "VSO": SchoolType.VSO,
    "VOORTGEZETSPECIAALONDERWIJS": SchoolType.VSO,
    "VO": SchoolType.VO,
    "VOORTGEZETONDERWIJS": SchoolType.VO,
}
# The parts of DUO's ONDERWIJSSTRUCTUUR (VWO/HAVO/VMBO-T ...), without punctuation.
VO_STRUCTURES = frozenset(
    [
        "VWO",
        "HAVO",
        "MAVO",
        "VMBO",
        "VMBOT",
        "VMBOTL",
        "VMBOG",
        "VMBOGL",
        "VMBOGT",
        "VMBOK",
        "VMBOKB",
        "VMBOB",
        "VMBOBB",
        "TL",
        "GL",
        "GT",
        "KB",
        "BB",
        "PRO",
        "PRAKTIJKONDERWIJS",
        "LWOO",
        "GYMNASIUM",
        "ATHENEUM",
        "BRUGJAAR",
    ]
)

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d")

# The school's fields an import sets, in the order changes are listed.
IMPORTED_FIELDS = ("name", "street_address", "postcode", "city", "school_type", "wijk")

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
# The counts of a plan per kind, in the order they are shown.
COUNT_KEYS = (
    "new_schools",
    "changed_schools",
    "unchanged_schools",
    "new_counts",
    "changed_counts",
    "refused_rows",
)


class ImportFileError(Exception):
    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = list(messages)


class ImportRefused(Exception):
    """Applying was refused: the plan has refused rows or file errors."""

    def __init__(self, plan):
        super().__init__("the import has refused rows")
        self.plan = plan


class AlreadyApplied(Exception):
    def __init__(self, school_import):
        super().__init__("this upload was already applied")
        self.school_import = school_import


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowPlan:
    number: int
    brin: str = ""
    branch: str = ""
    name: str = ""
    school: str = ""  # NEW / CHANGED / UNCHANGED
    changes: list[Change] = field(default_factory=list)
    count: str = ""  # NEW / CHANGED / UNCHANGED, or "" without a count in the row
    count_date: date | None = None
    pupils: int | None = None
    previous_pupils: int | None = None
    reasons: list[str] = field(default_factory=list)
    # For planning and applying only (not kept in the summary):
    values: dict = field(default_factory=dict, repr=False)
    existing: School | None = field(default=None, repr=False)
    existing_count: PupilCount | None = field(default=None, repr=False)
    has_key: bool = field(default=False, repr=False)

    @property
    def refused(self) -> bool:
        return bool(self.reasons)

    @property
    def code(self) -> str:
        return f"{self.brin}{self.branch}"

    @property
    def school_text(self) -> str:
        if self.refused:
            return _("Refused")
        return {
            NEW: _("New school"),
            CHANGED: _("School changed"),
            UNCHANGED: _("School unchanged"),
        }.get(self.school, "")

    @property
    def change_texts(self) -> list[str]:
        if self.refused:
            return []
        return [f"{c.label}: “{c.old}” → “{c.new}”" for c in self.changes]

    @property
    def count_text(self) -> str:
        if self.refused or not self.count:
            return ""
        values = {
            "date": date_format(self.count_date, "DATE_FORMAT"),
            "pupils": self.pupils,
            "old": self.previous_pupils,
        }
        if self.count == NEW:
            return _("New pupil count: %(pupils)s on %(date)s") % values
        if self.count == CHANGED:
            return _("Pupil count on %(date)s changed: %(old)s → %(pupils)s") % values
        return _("Pupil count on %(date)s unchanged: %(pupils)s") % values

    @property
    def kind(self) -> str:
        """For the table's styling: refused, new, changed or unchanged."""
        if self.refused:
            return "refused"
        if self.school == NEW:
            return NEW
        if self.school == CHANGED or self.count in (NEW, CHANGED):
            return CHANGED
        return UNCHANGED

    def as_json(self) -> dict:
        return {
            "row": self.number,
            "brin": self.brin,
            "branch": self.branch,
            "name": self.name,
            "school": self.school,
            "changes": [[c.field, c.label, c.old, c.new] for c in self.changes],
            "count": self.count,
            "count_date": self.count_date.isoformat() if self.count_date else None,
            "pupils": self.pupils,
            "previous_pupils": self.previous_pupils,
            "reasons": self.reasons,
        }

    @classmethod
    def from_json(cls, data: dict) -> "RowPlan":
        return cls(
            number=data["row"],
            brin=data["brin"],
            branch=data["branch"],
            name=data["name"],
            school=data["school"],
            changes=[Change(*change) for change in data["changes"]],
            count=data["count"],
            count_date=date.fromisoformat(data["count_date"]) if data["count_date"] else None,
            pupils=data["pupils"],
            previous_pupils=data["previous_pupils"],
            reasons=data["reasons"],
        )


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def refused_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.refused]

    @property
    def can_apply(self) -> bool:
        return bool(self.rows) and not self.errors and not self.refused_rows

    def counts(self) -> dict[str, int]:
        accepted = [row for row in self.rows if not row.refused]
        return {
            "rows": len(self.rows),
            "new_schools": sum(row.school == NEW for row in accepted),
            "changed_schools": sum(row.school == CHANGED for row in accepted),
            "unchanged_schools": sum(row.school == UNCHANGED for row in accepted),
            "new_counts": sum(row.count == NEW for row in accepted),
            "changed_counts": sum(row.count == CHANGED for row in accepted),
            "refused_rows": len(self.rows) - len(accepted),
        }

    def count_lines(self) -> list[str]:
        return count_lines(self.counts())

    def as_json(self) -> dict:
        return {
            "counts": self.counts(),
            "errors": self.errors,
            "rows": [row.as_json() for row in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportPlan":
        return cls(
            rows=[RowPlan.from_json(row) for row in data.get("rows", [])],
            errors=list(data.get("errors", [])),
        )


def count_lines(counts: dict[str, int]) -> list[str]:
    """The counts of a plan per kind, as a person reads them."""
    labels = {
        "new_schools": lambda n: ngettext("%(n)s new school", "%(n)s new schools", n),
        "changed_schools": lambda n: ngettext("%(n)s changed school", "%(n)s changed schools", n),
        "unchanged_schools": lambda n: ngettext(
            "%(n)s school unchanged", "%(n)s schools unchanged", n
        ),
        "new_counts": lambda n: ngettext("%(n)s new pupil count", "%(n)s new pupil counts", n),
        "changed_counts": lambda n: ngettext(
            "%(n)s changed pupil count", "%(n)s changed pupil counts", n
        ),
        "refused_rows": lambda n: ngettext("%(n)s row refused", "%(n)s rows refused", n),
    }
    return [labels[key](counts.get(key, 0)) % {"n": counts.get(key, 0)} for key in COUNT_KEYS]


# --- Reading the file ----------------------------------------------------------------------


def _column(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").replace("_", " ").upper().split())


def _squash(value: str) -> str:
    """Letters and digits only, in capitals: "VMBO-T" -> "VMBOT", "Zwolle Zuid" -> "ZWOLLEZUID"."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            _("This is not a CSV text file (perhaps a spreadsheet or UTF-16): save it as CSV.")
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is neither UTF-8 nor Windows-1252 text: save it as CSV.")
        ) from None


def read_records(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with their row numbers (header = row 1)."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 1024 // 1024}
        )
    text = decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0] if text.strip() else ""
    if not first_line.strip():
        raise ImportFileError(_("The file is empty."))
    if not text.startswith(first_line):
        raise ImportFileError(_("Row 1 must be the header with the column names."))
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    if first_line.count(delimiter) == 0:
        raise ImportFileError(
            _("The header has no ';' or ',' between the column names: is this a CSV file?")
        )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader)
        records = []
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue  # an empty row: spreadsheets leave them at the end
            if len(records) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s rows.") % {"max": f"{MAX_ROWS:,}"}
                )
            records.append((number, record))
    except csv.Error as error:
        raise ImportFileError(
            _("The file cannot be read as CSV near row %(row)s: %(error)s")
            % {"row": reader.line_num, "error": error}
        ) from None
    return header, records


def locate_columns(header: list[str]) -> tuple[dict[str, int], list[int], list[str]]:
    """Our key -> column index; the indexes of the type columns; and the file's errors."""
    names = [_column(name) for name in header]
    positions = {}
    for index, name in enumerate(names):
        positions.setdefault(name, index)
    columns = {}
    for key, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in positions:
                columns[key] = positions[candidate]
                break
    type_columns = [positions[name] for name in TYPE_COLUMNS if name in positions]
    errors = []
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in columns]
    if not type_columns:
        missing.append(" / ".join(TYPE_COLUMNS))
    if missing:
        errors.append(
            _("Columns missing in row 1: %(missing)s. The file's columns: %(found)s.")
            % {"missing": "; ".join(missing), "found": "; ".join(h.strip() for h in header)}
        )
    if ("count_date" in columns) != ("pupils" in columns):
        errors.append(
            _(
                "Pupil counts need both a count date column (%(date)s) and a number column "
                "(%(pupils)s)."
            )
            % {"date": COLUMNS["count_date"][0], "pupils": COLUMNS["pupils"][0]}
        )
    return columns, type_columns, errors


# --- One row -------------------------------------------------------------------------------


def school_type_for(value: str) -> str | None:
    word = re.sub(r"[\s.\-]", "", value.upper())  # "Voortgezet speciaal onderwijs", "S.O."
    if word in TYPES:
        return TYPES[word]
    parts = [_squash(part) for part in re.split(r"[/,+&\s]+", value) if _squash(part)]
    if parts and all(part in VO_STRUCTURES for part in parts):
        return SchoolType.VO
    return None


def wijk_for(value: str) -> str | None:
    squashed = _squash(value)
    for wijk in Wijk:
        if squashed in (_squash(wijk.value), _squash(str(wijk.label))):
            return wijk.value
    return None


def parse_date(value: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def parse_pupils(value: str) -> int | None:
    compact = "".join(value.split())
    if not compact.isdigit():
        return None
    number = int(compact)
    return number if number <= MAX_PUPILS else None


def _display_city(value: str) -> str:
    return value.title() if value.isupper() else value


def parse_row(number, record, header, columns, type_columns) -> RowPlan:
    def cell(key):
        index = columns.get(key)
        return record[index].strip() if index is not None and index < len(record) else ""

    row = RowPlan(number=number)
    reasons = row.reasons
    column_name = {key: header[index].strip() for key, index in columns.items()}

    if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
        reasons.append(
            _(
                "This row has %(cells)s cells, the header %(columns)s columns: does a value "
                "with a separator in it lack its quotes?"
            )
            % {"cells": len(record), "columns": len(header)}
        )

    brin = "".join(cell("brin").split()).upper()
    row.brin = brin
    brin_valid = False
    if not brin:
        reasons.append(_("No BRIN number (%(column)s).") % {"column": column_name["brin"]})
    else:
        try:
            validate_brin(brin)
            brin_valid = True
        except ValidationError:
            reasons.append(
                _("Invalid BRIN number “%(value)s”: two digits and two letters, e.g. 12AB.")
                % {"value": brin}
            )

    branch = "".join(cell("branch").split()).upper()
    if len(branch) == 6 and brin_valid and branch.startswith(brin):
        branch = branch[4:]
    elif len(branch) == 1 and branch.isdigit():
        branch = branch.zfill(2)
    row.branch = branch
    branch_valid = False
    if not branch:
        reasons.append(_("No vestiging number (%(column)s).") % {"column": column_name["branch"]})
    else:
        try:
            validate_branch(branch)
            branch_valid = True
        except ValidationError:
            reasons.append(
                _(
                    "Invalid vestiging “%(value)s”: two digits (00 for the main branch), or "
                    "the BRIN number with them, e.g. 12AB00."
                )
                % {"value": branch}
            )
    row.has_key = brin_valid and branch_valid

    row.name = " ".join(cell("name").split())
    if not row.name:
        reasons.append(_("No name (%(column)s).") % {"column": column_name["name"]})

    type_value = next(
        (record[i].strip() for i in type_columns if i < len(record) and record[i].strip()), ""
    )
    school_type = school_type_for(type_value) if type_value else None
    if not type_value:
        reasons.append(
            _("No school type (%(columns)s).")
            % {"columns": " / ".join(header[i].strip() for i in type_columns)}
        )
    elif school_type is None:
        reasons.append(
            _(
                "Unknown school type “%(value)s”: use Bo, Sbo, So or Vso (DUO's SOORT PO), a "
                "VO structure such as HAVO/VWO, or PO, SO, VSO or VO."
            )
            % {"value": type_value}
        )

    street = " ".join(f"{cell('street')} {cell('number')}".split())
    if not cell("street"):
        reasons.append(_("No street (%(column)s).") % {"column": column_name["street"]})

    postcode = normalise_postcode(cell("postcode"))
    if not postcode:
        reasons.append(_("No postcode (%(column)s).") % {"column": column_name["postcode"]})
    else:
        try:
            validate_postcode(postcode)
        except ValidationError:
            reasons.append(
                _("Invalid postcode “%(value)s”: four digits and two letters, e.g. 8011 AB.")
                % {"value": cell("postcode")}
            )

    city = " ".join(cell("city").split())
    if not city:
        reasons.append(_("No place (%(column)s).") % {"column": column_name["city"]})

    wijk = None
    if cell("wijk"):
        wijk = wijk_for(cell("wijk"))
        if wijk is None:
            reasons.append(
                _("Unknown wijk “%(value)s”: use one of %(wijken)s.")
                % {"value": cell("wijk"), "wijken": ", ".join(str(w.label) for w in Wijk)}
            )

    raw_date, raw_pupils = cell("count_date"), cell("pupils")
    if raw_date or raw_pupils:
        if not raw_date:
            reasons.append(_("A pupil count without its count date (PEILDATUM)."))
        else:
            row.count_date = parse_date(raw_date)
            if row.count_date is None:
                reasons.append(
                    _("Bad count date “%(value)s”: e.g. 2025-10-01 or 01-10-2025.")
                    % {"value": raw_date}
                )
        if not raw_pupils:
            reasons.append(_("A count date without its pupil count (AANTAL LEERLINGEN)."))
        else:
            row.pupils = parse_pupils(raw_pupils)
            if row.pupils is None:
                reasons.append(
                    _("Bad pupil count “%(value)s”: a whole number from 0 to %(max)s.")
                    % {"value": raw_pupils, "max": f"{MAX_PUPILS:,}"}
                )

    row.values = {
        "name": row.name,
        "street_address": street,
        "postcode": postcode,
        "city": city,
        "school_type": school_type,
        "wijk": wijk,
    }
    return row


def mark_duplicates(rows: list[RowPlan]) -> None:
    """One row per branch: every row of a branch that is in the file twice names the others."""
    by_code: dict[str, list[RowPlan]] = {}
    for row in rows:
        if row.has_key:
            by_code.setdefault(row.code, []).append(row)
    for code, group in by_code.items():
        if len(group) < 2:
            continue
        for row in group:
            others = ", ".join(str(other.number) for other in group if other is not row)
            row.reasons.append(
                ngettext(
                    "Duplicate: BRIN %(code)s is also on row %(rows)s of this file.",
                    "Duplicate: BRIN %(code)s is also on rows %(rows)s of this file.",
                    len(group) - 1,
                )
                % {"code": code, "rows": others}
            )


# --- Against the register ------------------------------------------------------------------


def _same_text(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _display(field_name: str, value) -> str:
    if field_name == "wijk" and value:
        return str(Wijk(value).label)
    return str(value or "")


def _field_errors(school: School) -> list[str]:
    excluded = [f.name for f in School._meta.fields if f.name not in IMPORTED_FIELDS]
    try:
        school.full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [
            f"{School._meta.get_field(name).verbose_name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def compare(rows: list[RowPlan]) -> None:
    """Say for each row what it does to the register."""
    keyed = [row for row in rows if row.has_key]
    existing = {
        (school.brin, school.branch): school
        for school in School.objects.filter(brin__in={row.brin for row in keyed})
    }
    counts = {
        (count.school_id, count.count_date): count
        for count in PupilCount.objects.filter(
            school__in=[school.pk for school in existing.values()]
        )
    }
    for row in keyed:
        school = existing.get((row.brin, row.branch))
        row.existing = school
        values = row.values
        if school is None:
            row.school = NEW
            if values["wijk"] is None:
                if values["city"] and not _same_text(values["city"], "Zwolle"):
                    values["wijk"] = Wijk.OUTSIDE.value
                else:
                    row.reasons.append(
                        _(
                            "A new school in Zwolle needs its wijk: add a WIJK column to the "
                            "file, or add the school in the admin first."
                        )
                    )
            values["city"] = _display_city(values["city"])
            candidate = School(brin=row.brin, branch=row.branch, **values)
        else:
            candidate = School(
                **{f.attname: getattr(school, f.attname) for f in School._meta.fields}
            )
            for name in IMPORTED_FIELDS:
                new, old = values[name], getattr(school, name)
                if new is None or new == "":
                    continue
                if name in ("name", "street_address", "city"):
                    same = _same_text(old, new)
                else:
                    same = old == new
                if not same:
                    row.changes.append(
                        Change(
                            name,
                            str(School._meta.get_field(name).verbose_name),
                            _display(name, old),
                            _display(name, new),
                        )
                    )
                    setattr(candidate, name, new)
            row.school = CHANGED if row.changes else UNCHANGED
        if not row.refused:
            row.reasons.extend(_field_errors(candidate))
        if row.count_date is not None and row.pupils is not None:
            previous = counts.get((school.pk, row.count_date)) if school else None
            row.existing_count = previous
            if previous is None:
                row.count = NEW
            else:
                row.previous_pupils = previous.pupils
                row.count = UNCHANGED if previous.pupils == row.pupils else CHANGED


def plan_import(data: bytes) -> ImportPlan:
    """What importing this file would do, row by row. Changes nothing."""
    try:
        header, records = read_records(data)
    except ImportFileError as error:
        return ImportPlan(errors=error.messages)
    columns, type_columns, errors = locate_columns(header)
    if errors:
        return ImportPlan(errors=errors)
    if not records:
        return ImportPlan(errors=[_("The file has a header but no rows of schools.")])
    rows = [parse_row(number, record, header, columns, type_columns) for number, record in records]
    mark_duplicates(rows)
    compare(rows)
    return ImportPlan(rows=rows)


# --- Applying ------------------------------------------------------------------------------


def _write(plan: ImportPlan, source: str) -> None:
    now = timezone.now()
    for row in plan.rows:
        if row.school == NEW:
            school = School.objects.create(brin=row.brin, branch=row.branch, **row.values)
        else:
            school = row.existing
            if row.changes:
                for change in row.changes:
                    setattr(school, change.field, row.values[change.field])
                school.save(update_fields=[c.field for c in row.changes] + ["updated_at"])
        if row.count == NEW:
            PupilCount.objects.create(
                school=school, count_date=row.count_date, pupils=row.pupils, source=source
            )
        elif row.count == CHANGED:
            count = row.existing_count
            count.pupils, count.source, count.updated_at = row.pupils, source, now
            count.save(update_fields=["pupils", "source", "updated_at"])


def apply_import(school_import: SchoolImport, user=None) -> ImportPlan:
    """Apply an uploaded file: all rows in one transaction, or nothing while a row is refused.

    Raises AlreadyApplied for an upload that was applied before, ImportRefused when the plan
    (made again now, against the register as it is) refuses a row or the file."""
    with transaction.atomic():
        locked = SchoolImport.objects.select_for_update().get(pk=school_import.pk)
        if locked.applied_at is not None:
            raise AlreadyApplied(locked)
        with locked.file.open("rb") as handle:
            plan = plan_import(handle.read())
        if not plan.can_apply:
            raise ImportRefused(plan)
        source = f"import #{locked.pk}: {locked.original_name}"[:200]
        _write(plan, source)
        locked.applied_at = timezone.now()
        locked.applied_by = user if getattr(user, "is_authenticated", False) else None
        locked.summary = plan.as_json()
        locked.save(update_fields=["applied_at", "applied_by", "summary"])
    school_import.applied_at = locked.applied_at
    school_import.applied_by = locked.applied_by
    school_import.summary = locked.summary
    return plan
