from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.decisions"
    label = "spinemet_decisions"
    default_auto_field = "django.db.models.BigAutoField"
