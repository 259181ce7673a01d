from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.patients"
    label = "spinemet_patients"
    default_auto_field = "django.db.models.BigAutoField"
