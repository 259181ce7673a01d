from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.web"
    label = "spinemet_web"
    verbose_name = "Registry pages"
