"""The portal's URLs plus the "floor": a bare Django view that returns a constant page.

The floor is measured in every run, so that each scenario's time can be read against what the
same machine needs for a request that does nothing (CONVENTIONS.md, "Benchmarks").
"""

from django.http import HttpResponse
from django.urls import path

import portal.urls


def floor_view(request):
    return HttpResponse("ok")


urlpatterns = [
    # Before the portal's patterns: their last one is Wagtail's catch-all.
    path("__floor__/", floor_view, name="bench_floor"),
    *portal.urls.urlpatterns,
]

handler404 = portal.urls.handler404
handler500 = portal.urls.handler500
