from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.jobs"
    label = "spinemet_jobs"
    default_auto_field = "django.db.models.BigAutoField"
