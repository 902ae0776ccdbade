"""Dutch first, English on request; the Dutch catalogue is complete and compiled."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


def test_dutch_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert mo.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.django_db
def test_dutch_even_when_the_browser_prefers_english(client):
    response = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Naar de inhoud" in html


@pytest.mark.django_db
def test_english_by_the_language_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/account/login/"})
    assert response.status_code == 302
    html = client.get("/account/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert '<html lang="nl">' in client.get("/").content.decode()


def test_every_string_in_the_code_is_in_the_dutch_catalogue(tmp_path, settings, monkeypatch):
    """What `make messages` would extract today is all in the committed catalogue: a string
    added to the code or a template without running `make messages` and translating it fails
    here, instead of showing up in English on a Dutch page."""
    import shutil

    from django.core.management import call_command

    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    # makemessages writes into any `locale` folder above the files it reads, so it runs on a
    # copy of the code: the committed catalogue is never touched.
    root = LOCALE.parents[2]
    copy = tmp_path / "code"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "var", "bench", "tests", "locale", "node_modules", "__pycache__", "*.mo"
        ),
    )
    settings.LOCALE_PATHS = [copy / "extracted"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    extracted = polib.pofile(str(copy / "extracted" / "nl" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(LOCALE / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    missing = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known)
    assert missing == [], "Run `make messages` and translate: " + "; ".join(missing[:20])
