from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.visits"
    label = "spinemet_visits"
    default_auto_field = "django.db.models.BigAutoField"
