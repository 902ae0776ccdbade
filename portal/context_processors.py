from django.conf import settings


def portal(request):
    return {
        "PORTAL_LANGUAGES": settings.LANGUAGES,
    }
