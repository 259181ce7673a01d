"""WSGI entry point (``gunicorn spinemet.registry.wsgi``); settings from the environment."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinemet.registry.settings")
application = get_wsgi_application()
