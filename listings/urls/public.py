from django.urls import path

from listings import views

app_name = "providers"

urlpatterns = [
    path("<slug:slug>/", views.ProviderPublicView.as_view(), name="profile"),
]
