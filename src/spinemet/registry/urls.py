"""The registry's URLs: the JSON API under /api/ and the pages of the web app."""

from django.urls import include, path

from spinemet.registry.api.api import api
from spinemet.registry.redcap.views import api as redcap_api

urlpatterns = [
    path("api/", api.urls),
    # REDCap-compatible API (PyCap requires the URL to end in /api/).
    path("redcap/api/", redcap_api, name="redcap-api"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("spinemet.registry.web.urls")),
]
