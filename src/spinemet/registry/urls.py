"""The registry's URLs: the JSON API under /api/ (pages come with the web app)."""

from django.urls import path

from spinemet.registry.api.api import api

urlpatterns = [
    path("api/", api.urls),
]
