"""Mijn gegevens: /mijn/gegevens/..."""

from django.urls import path

from privacy.views import mydata

app_name = "privacy"

urlpatterns = [
    path("", mydata.MyDataView.as_view(), name="mydata"),
    path("export.json", mydata.ExportJSONView.as_view(), name="export_json"),
    path("export.pdf", mydata.ExportPDFView.as_view(), name="export_pdf"),
    path("verzoek/<slug:kind>/", mydata.DataRequestView.as_view(), name="request"),
    path("verwijderen/", mydata.ErasureRequestView.as_view(), name="erasure_request"),
    path(
        "toestemming/<slug:topic>/intrekken/",
        mydata.WithdrawConsentView.as_view(),
        name="withdraw_consent",
    ),
]
