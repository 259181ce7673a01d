"""The registry's URLs: the JSON API under /api/ (pages come with the web app)."""

from django.urls import path

from spinemet.registry.api.api import api
from spinemet.registry.redcap.views import api as redcap_api

urlpatterns = [
    path("api/", api.urls),
    # REDCap-compatible API (PyCap requires the URL to end in /api/).
    path("redcap/api/", redcap_api, name="redcap-api"),
]
