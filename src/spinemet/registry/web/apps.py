from django.apps import AppConfig


class Config(AppConfig):
    name = "spinemet.registry.web"
    label = "spinemet_web"
    verbose_name = "Registry pages"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from spinemet.registry.web.language import apply_at_login

        # The account's language is put in the session at every login, whatever the view.
        user_logged_in.connect(apply_at_login, dispatch_uid="spinemet-account-language")
