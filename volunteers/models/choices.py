"""The coded answers the forms offer: day parts, languages, levels, and the coarse statistical
groups. Stored as short codes; what a person reads comes from here (translated)."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """One status flow for every volunteer and participant (volunteers/workflow.py moves them)."""

    UNCONFIRMED = "unconfirmed", _("not yet confirmed")
    REGISTERED = "registered", _("registered (aangemeld)")
    INTAKE = "intake", _("intake")
    VOG_REQUESTED = "vog_requested", _("VOG requested")
    TRAINED = "trained", _("trained")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    STOPPED = "stopped", _("stopped")


DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
PARTS = [("am", _("morning")), ("pm", _("afternoon")), ("ev", _("evening"))]

DAY_PARTS = [
    (f"{day}_{part}", format_lazy("{} {}", day_label, part_label))
    for day, day_label in DAYS
    for part, part_label in PARTS
]


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    TIGRINYA = "ti", _("Tigrinya")
    POLISH = "pl", _("Polish")
    UKRAINIAN = "uk", _("Ukrainian")
    SOMALI = "so", _("Somali")
    PERSIAN = "fa", _("Persian / Dari")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("another language")


class Level(models.TextChoices):
    """Self-assessed level of Dutch (no test: the participant's own view)."""

    BEGINNER = "beginner", _("I am just starting")
    BASIC = "basic", _("I understand simple sentences")
    MIDDLE = "middle", _("I can have a simple conversation")
    GOOD = "good", _("I speak quite well, I want to get better")


class ActivityKind(models.TextChoices):
    TAALCAFE = "taalcafe", _("taalcafé (conversation)")
    PRACTICE = "practice", _("practice group (reading and writing)")
    DIGITAL = "digital", _("digital skills")


class LearningGoal(models.TextChoices):
    SPEAKING = "speaking", _("speaking and understanding Dutch")
    READING = "reading", _("reading")
    WRITING = "writing", _("writing")
    COMPUTER = "computer", _("using a computer, phone or DigiD")
    EVERYDAY = "everyday", _("everyday matters: letters, forms, the doctor, school")


class AgeBand(models.TextChoices):
    """Coarse on purpose: enough for the statistics and to know when a parent must consent."""

    UNDER_16 = "0-15", _("younger than 16")
    FROM_16 = "16-26", _("16 to 26")
    FROM_27 = "27-40", _("27 to 40")
    FROM_41 = "41-65", _("41 to 65")
    FROM_66 = "66+", _("66 or older")


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    OTHER = "other", _("other")


class LanguageGroup(models.TextChoices):
    """First-language group for the national statistics: groups, never the single language."""

    DUTCH = "dutch", _("Dutch or a Dutch regional language")
    ARABIC = "arabic", _("Arabic or Berber")
    TURKISH = "turkish", _("Turkish or Kurdish")
    EAST_AFRICAN = "east-african", _("Tigrinya, Amharic or Somali")
    EAST_EUROPEAN = (
        "east-european",
        _("Polish, Ukrainian, Russian or another Eastern European language"),
    )
    OTHER_EUROPEAN = "other-european", _("another European language")
    ASIAN = "asian", _("Persian, Dari or another Asian language")
    OTHER = "other", _("another language")


class HowHeard(models.TextChoices):
    LIBRARY = "library", _("in the library")
    FRIENDS = "friends", _("from family or friends")
    MUNICIPALITY = "municipality", _("from the municipality or a social worker")
    SCHOOL = "school", _("from a school or language course")
    ONLINE = "online", _("on the internet or social media")
    OTHER = "other", _("otherwise")


class KeepReason(models.TextChoices):
    """Why a coordinator may keep a stopped person's data longer than the register's term.

    The register's retention is the rule; these are the only exceptions the coordinators may
    record (agreed with the privacy officer), each for at most a year.
    """

    RETURNING = "returning", _("the person asked us to keep their data because they will return")
    COMPLAINT = "complaint", _("an open complaint or incident that concerns this person")
    CLAIM = "claim", _("a legal claim or request from the authorities")
