"""Demo data for `make run`: a fictional culture organisation in Zwolle, its pages, schools,
providers and a demo login for every role. Idempotent: a second run adds nothing.

Built from the factories the tests use (tests/factories/). Refuses to run unless the settings
define DEMO_PASSWORD, which only the dev and test settings do.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from portal.demo import DEMO_DOMAIN, DEMO_HOOK, DEMO_LOGINS, email
from portal.models import HomePage, SiteSettings, StandardPage
from tests.factories.portal import UserFactory


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_PASSWORD", None):
            raise CommandError("load_demo runs only with development settings (DEMO_PASSWORD).")
        with transaction.atomic():
            users = self.load_users()
            home = self.load_site()
            # Each app's demo.py registers its loader; only this command imports them, so the
            # factories they use are never needed on a server.
            autodiscover_modules("demo", "demo_contributors")
            for loader in hooks.get_hooks(DEMO_HOOK):
                loader(users=users, home=home)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not options["quiet_logins"]:
            self.print_logins()

    # --- people ---------------------------------------------------------------------------
    def load_users(self):
        users = {}
        for login, first, last, group, _label in DEMO_LOGINS:
            user = UserFactory(
                email=email(login),
                first_name=first,
                last_name=last,
                groups=[group] if group and group != "superuser" else [],
            )
            if group == "superuser" and not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            elif group and not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            users[login] = user
        return users

    # --- pages ----------------------------------------------------------------------------
    def ensure_home(self):
        """The home page and default site the migrations create, or anew if they are gone
        (a flushed database, as transactional tests leave it)."""
        home = HomePage.objects.first()
        if home is not None:
            return home
        locale, _created = Locale.objects.get_or_create(language_code="nl")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        home = root.add_child(instance=HomePage(title="Cultuurportaal", slug="home", locale=locale))
        Site.objects.filter(is_default_site=True).delete()
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        return home

    def load_site(self):
        home = self.ensure_home()
        site = Site.objects.get(is_default_site=True)
        if site.site_name != "Cultuurportaal Zwolle":
            site.site_name = "Cultuurportaal Zwolle"
            site.save()

        funds = self.page(
            home,
            "fondsen",
            "Fondsen",
            "Twee fondsen maken cultuur in Zwolle mogelijk: voor scholen en voor de buurt.",
            in_menu=True,
        )
        education_fund = self.page(
            funds,
            "fonds-cultuureducatie",
            "Fonds Cultuureducatie Zwolle",
            "Scholen voor primair, speciaal en voortgezet onderwijs hebben een budget per "
            "leerling voor cultuureducatie: hun trekkingsrecht.",
        )
        neighbourhood_fund = self.page(
            funds,
            "fonds-buurtcultuur",
            "Fonds Buurtcultuur en Amateurkunst",
            "Bewoners, buurtinitiatieven en amateurkunstverenigingen vragen hier een bijdrage "
            "aan voor hun cultuurproject.",
        )
        about = self.page(
            home,
            "over-ons",
            "Over ons",
            "Cultuurhuis De Kade is de bibliotheek en het cultuurcentrum van Zwolle.",
            in_menu=True,
        )
        contact = self.page(
            home,
            "contact",
            "Contact",
            "Bel of mail ons op werkdagen van 9.00 tot 17.00 uur.",
            in_menu=True,
        )
        privacy = self.page(
            home,
            "privacy",
            "Privacyverklaring",
            "Cultuurhuis De Kade gebruikt je gegevens alleen voor het doel waarvoor je ze gaf, "
            "bewaart ze niet langer dan nodig en verkoopt ze nooit.",
        )
        if home.title != "Cultuurportaal Zwolle":
            home.title = home.draft_title = "Cultuurportaal Zwolle"
            home.intro = (
                "Fondsen voor cultuureducatie en buurtcultuur, het cultuuraanbod van Zwolle en "
                "vrijwilligerswerk bij de VoorleesExpress en het Taalpunt: alles op één plek."
            )
            home.body = [
                ("heading", {"text": "Wat vind je hier?", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Scholen vragen hier hun budget uit het Fonds Cultuureducatie aan, "
                    "bewoners en amateurkunstverenigingen dienen aanvragen in bij het Fonds "
                    "Buurtcultuur en Amateurkunst, en cultuuraanbieders houden hun eigen aanbod "
                    "bij.</p>",
                ),
                (
                    "cards",
                    {
                        "cards": [
                            self.card(
                                education_fund,
                                "Voor scholen",
                                "Budget per leerling voor cultuureducatie, aangevraagd en "
                                "verantwoord door de school.",
                            ),
                            self.card(
                                neighbourhood_fund,
                                "Voor de buurt",
                                "Een bijdrage voor je buurtproject of amateurkunstvereniging.",
                            ),
                            self.card(
                                about,
                                "Over ons",
                                "Bibliotheek en cultuurcentrum van Zwolle.",
                            ),
                        ]
                    },
                ),
            ]
            home.save_revision().publish()
        site_settings = SiteSettings.for_site(site)
        if not site_settings.organisation_name:
            site_settings.organisation_name = "Cultuurhuis De Kade"
            site_settings.street_address = "Thorbeckegracht 12"
            site_settings.postcode = "8011 VM"
            site_settings.city = "Zwolle"
            site_settings.phone = "038 123 45 67"
            site_settings.email = f"info@{DEMO_DOMAIN}"
            site_settings.contact_page = contact
            site_settings.privacy_page = privacy
            site_settings.footer_text = "Bibliotheek en cultuurcentrum van Zwolle (demo)."
            site_settings.save()
        return home

    @staticmethod
    def card(page, title, text):
        return {
            "title": title,
            "text": text,
            "link": {"label": page.title, "page": page, "url": ""},
        }

    def page(self, parent, slug, title, intro, in_menu=False):
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = StandardPage(title=title, slug=slug, intro=intro, show_in_menus=in_menu)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    # --- organisations --------------------------------------------------------------------
    # --- output ---------------------------------------------------------------------------
    def print_logins(self):
        width = max(len(email(login)) for login, *_ in DEMO_LOGINS)
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        )
        for login, _first, _last, _group, label in DEMO_LOGINS:
            self.stdout.write(f"  {email(login):<{width}}  {label}")
        self.stdout.write("")
        self.stdout.write(
            "  Site:  http://127.0.0.1:8000/      Admin: http://127.0.0.1:8000/admin/"
        )
        self.stdout.write("  Mail (sign-up, invitations) is printed in this terminal.")
        self.stdout.write("")
