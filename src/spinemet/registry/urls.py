"""The registry's URLs: the JSON API under /api/ and the pages of the web app."""

from django.urls import include, path

from spinemet.registry.api.api import api
from spinemet.registry.redcap.views import api as redcap_api
from spinemet.registry.web.language import set_language

urlpatterns = [
    path("api/", api.urls),
    # REDCap-compatible API (PyCap requires the URL to end in /api/).
    path("redcap/api/", redcap_api, name="redcap-api"),
    # Django's language switch, which also keeps a logged-in user's choice with the account
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("spinemet.registry.web.urls")),
]
