from django.urls import path

from listings import views
from listings.permissions import policy
from portal.views.organisations import member_urlpatterns

app_name = "my_providers"

urlpatterns = [
    *member_urlpatterns(policy, template_name="listings/provider_detail.html"),
    path("<int:pk>/profiel/", views.ProviderProfileEditView.as_view(), name="edit_profile"),
]
