from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.api"
    label = "spinemet_api"
    default_auto_field = "django.db.models.BigAutoField"
