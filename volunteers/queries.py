"""The coordinators' list: filters and the rows, in a fixed handful of queries."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from privacy.models import Purpose
from volunteers.fields import ChoiceSetField
from volunteers.models import VOG_VALID_YEARS, Status

REMIND_DAYS_BEFORE_DELETION = 30
LIST_COLUMNS = [
    "id",
    "first_name",
    "last_name",
    "wijk",
    "status",
    "status_changed_at",
    "availability",
    "languages",
    "registered_at",
    "stopped_at",
    "keep_until",
]


def retention_days(programme) -> int:
    return (
        Purpose.objects.filter(code=programme.purpose)
        .values_list("retention_days", flat=True)
        .first()
        or 0
    )


def vog_expired_before():
    today = timezone.localdate()
    return today.replace(year=today.year - VOG_VALID_YEARS)


def deletion_due_soon(programme, days=REMIND_DAYS_BEFORE_DELETION) -> Q:
    """Stopped people whose data retention deletes within `days` (and nobody keeps longer)."""
    moment = timezone.now() - timedelta(days=retention_days(programme) - days)
    return Q(status=Status.STOPPED, stopped_at__lt=moment) & (
        Q(keep_until__isnull=True) | Q(keep_until__lt=timezone.localdate())
    )


def people(programme, data: dict):
    """The confirmed people of a programme, filtered by the (cleaned) filter form's values."""
    qs = programme.model.objects.confirmed()
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("wijk"):
        qs = qs.filter(wijk=data["wijk"])
    if data.get("availability"):
        qs = qs.filter(availability__contains=ChoiceSetField.token(data["availability"]))
    if data.get("language"):
        qs = qs.filter(languages__contains=ChoiceSetField.token(data["language"]))
    if data.get("role") and programme.code == "taalpunt":
        qs = qs.filter(role=data["role"])
    if data.get("attention") == "vog" and programme.code == "voorleesexpress":
        qs = qs.exclude(status=Status.STOPPED).filter(vog_issued_on__lte=vog_expired_before())
    if data.get("attention") == "retention":
        qs = qs.filter(deletion_due_soon(programme))
    return qs


def list_rows(programme, data: dict):
    """Plain rows (dicts), not model instances: the list shows 50 of thousands, and building
    and rendering model instances cost more than the queries."""
    columns = list(LIST_COLUMNS)
    if programme.code == "voorleesexpress":
        columns += ["vog_received_on", "vog_issued_on"]
    else:
        columns += ["role"]
    return people(programme, data).order_by("last_name", "first_name", "pk").values(*columns)


def labelled(rows) -> list[dict]:
    """The page's rows with every code turned into its label once per page, not per cell."""
    from portal.fields import Wijk
    from volunteers.models import DAY_PARTS, Language, Role

    statuses, wijken, roles = dict(Status.choices), dict(Wijk.choices), dict(Role.choices)
    parts = {code: str(label) for code, label in DAY_PARTS}
    languages = {code: code.upper() for code, _label in Language.choices}
    expired = vog_expired_before()
    result = []
    for row in rows:
        availability = ChoiceSetField.codes(row["availability"])
        spoken = ChoiceSetField.codes(row["languages"])
        issued = row.get("vog_issued_on")
        result.append(
            {
                **row,
                "name": f"{row['first_name']} {row['last_name']}",
                "status_label": statuses.get(row["status"], row["status"]),
                "wijk_label": wijken.get(row["wijk"], row["wijk"]),
                "role_label": roles.get(row.get("role"), ""),
                "availability_label": ", ".join(parts.get(c, c) for c in availability),
                "languages_label": ", ".join(languages.get(c, c) for c in spoken),
                "vog_renew": bool(row.get("vog_received_on") and issued and issued <= expired),
            }
        )
    return result
