from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.models import HomePage
from programme.setup import ensure_programme


class Command(BaseCommand):
    help = "Create the programme page under the home page and give programme staff its permissions."

    def handle(self, *args, **options):
        page = ensure_programme(HomePage.objects.first())
        self.stdout.write(_("Programme page: %(url)s") % {"url": page.url_path})
