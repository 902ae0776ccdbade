from django.urls import path

from listings import api

app_name = "listings_api"

urlpatterns = [
    path("aanbod/", api.offers, name="offers"),
]
