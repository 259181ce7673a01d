from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.assessments"
    label = "spinemet_assessments"
    default_auto_field = "django.db.models.BigAutoField"
