from django.urls import path

from listings import views
from listings.permissions import policy
from listings.views import offers
from portal.views.organisations import member_urlpatterns

app_name = "my_providers"

OFFER = "<int:pk>/aanbod/<int:offer_pk>/"

urlpatterns = [
    *member_urlpatterns(policy, template_name="listings/provider_detail.html"),
    path("<int:pk>/profiel/", views.ProviderProfileEditView.as_view(), name="edit_profile"),
    path("<int:pk>/aanbod/", offers.OfferListView.as_view(), name="offers"),
    path("<int:pk>/aanbod/nieuw/", offers.OfferChooseKindView.as_view(), name="offer_new"),
    path(
        "<int:pk>/aanbod/nieuw/<slug:kind>/",
        offers.OfferCreateView.as_view(),
        name="offer_create",
    ),
    path(OFFER, offers.OfferEditView.as_view(), name="offer_edit"),
    path(f"{OFFER}voorbeeld/", offers.OfferPreviewView.as_view(), name="offer_preview"),
    path(
        f"{OFFER}indienen/",
        offers.OfferActionView.as_view(action="submit"),
        name="offer_submit",
    ),
    path(
        f"{OFFER}intrekken/",
        offers.OfferActionView.as_view(action="withdraw"),
        name="offer_withdraw",
    ),
    path(
        f"{OFFER}kopieren/",
        offers.OfferActionView.as_view(action="duplicate"),
        name="offer_duplicate",
    ),
]
