from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.sites"
    label = "spinemet_sites"
    default_auto_field = "django.db.models.BigAutoField"
