"""The demo's people and shared helpers (`manage.py load_demo`).

Apps add their own demo data with `@hooks.register("portal_demo_data", order=N)`: a function
called as `loader(users=..., home=...)` inside the same transaction, after the core's users and
pages exist. `users` maps each demo login (e.g. "icc") to its User.
"""

import copy
from contextlib import contextmanager

from django.conf import settings
from django.test.utils import override_settings

from portal.roles import Role

DEMO_HOOK = "portal_demo_data"

DEMO_DOMAIN = "demo.cultuurportaal.test"

# (login, first name, last name, staff group or None, what the role does)
DEMO_LOGINS = [
    ("beheer", "Bram", "Beheer", "superuser", "Beheerder (alle rechten)"),
    ("fondsbeheerder", "Fatima", "El Amrani", Role.FUND_MANAGER, "Fondsbeheerder"),
    ("beoordelaar", "Bert", "Oordeel", Role.REVIEWER, "Beoordelaar (commissielid)"),
    ("moderator", "Mila", "de Graaf", Role.MODERATOR, "Moderator van aanbod"),
    (
        "voorleesexpress",
        "Vera",
        "Leesma",
        Role.COORDINATOR_VOORLEESEXPRESS,
        "Coördinator VoorleesExpress",
    ),
    ("taalpunt", "Tom", "Taalman", Role.COORDINATOR_TAALPUNT, "Coördinator Taalpunt"),
    ("privacy", "Priya", "Verhoef", Role.PRIVACY_OFFICER, "Privacyfunctionaris"),
    ("redacteur", "Ruben", "Schrijver", Role.EDITOR, "Redacteur (website)"),
    ("programma", "Pim", "Planner", Role.PROGRAMMER, "Programmamaker (eigen programma)"),
    ("directie", "Dirk", "van Dalen", None, "Schooldirecteur (De Regenboog)"),
    ("icc", "Ilse", "Cornelissen", None, "Cultuurcoördinator (lid van 3 organisaties)"),
    ("vakdocent", "Victor", "Dekker", None, "Vakdocent muziek (De Regenboog)"),
    ("aanbieder", "Anouk", "Bos", None, "Aanbieder, beheerder (De Toonladder)"),
    ("aanbieder-redacteur", "Rik", "Vos", None, "Aanbieder, redacteur (De Toonladder)"),
    ("aanvrager", "Annemarie", "Kuipers", None, "Aanvrager Fonds Buurtcultuur"),
    ("bijdrager", "Bas", "Muzikant", None, "Bijdrager aan het programma"),
]

# Made-up staff of the demo schools and providers: (first name, last name).
STAFF_NAMES = [
    ("Marloes", "Bakker"),
    ("Jeroen", "Smit"),
    ("Fleur", "Mulder"),
    ("Hamza", "Yilmaz"),
    ("Lotte", "Visser"),
    ("Kees", "van Dijk"),
    ("Esra", "Demir"),
    ("Sem", "Hendriks"),
    ("Iris", "de Boer"),
    ("Thijs", "Vermeulen"),
    ("Noa", "Kok"),
    ("Daan", "Peters"),
    ("Yara", "Postma"),
    ("Lucas", "Brouwer"),
    ("Emma", "Dijkstra"),
    ("Milan", "Koster"),
    ("Sara", "Hoekstra"),
    ("Joris", "Prins"),
    ("Aylin", "Kaya"),
    ("Ruben", "Wolters"),
    ("Femke", "Kramer"),
    ("Stijn", "Scholten"),
    ("Nora", "Willems"),
    ("Bram", "Meijer"),
    ("Zeynep", "Aydin"),
    ("Wout", "Jonker"),
    ("Lisa", "Timmer"),
    ("Gijs", "Veenstra"),
]


def staff_name(n):
    return STAFF_NAMES[n % len(STAFF_NAMES)]


def email(login):
    return f"{login}@{DEMO_DOMAIN}"


@contextmanager
def search_updates_paused():
    """Saving pages without updating the search index and Wagtail's reference index on each
    save (the caller indexes what it made once at the end, `index_once`): Wagtail's search
    backends skip automatic updates with AUTO_UPDATE off (read on every save), and Wagtail has a
    switch for the reference index."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    for params in backends.values():
        params["AUTO_UPDATE"] = False
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update():
        yield


def index_once(objects):
    """Bring the search index and the reference index up to date for these objects."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.index import insert_or_update_object

    for obj in objects:
        insert_or_update_object(obj)
        ReferenceIndex.create_or_update_for_object(obj)
