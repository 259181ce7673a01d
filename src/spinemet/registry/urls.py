"""The registry's URLs: the JSON API under /api/ and the pages of the web app."""

from django.urls import include, path

from spinemet.registry.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("spinemet.registry.web.urls")),
]
