from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.redcap"
    label = "spinemet_redcap"
    default_auto_field = "django.db.models.BigAutoField"
