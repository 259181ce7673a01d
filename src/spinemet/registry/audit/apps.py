from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.audit"
    label = "spinemet_audit"
    default_auto_field = "django.db.models.BigAutoField"
