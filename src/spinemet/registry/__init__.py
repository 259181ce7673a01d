"""The multi-site web registry (Django 5.2 LTS): sites and roles, patients, lesions,
procedures, scheduled visits, assessments scored by :mod:`spinemet.instruments`, complications,
saved decisions of :mod:`spinemet.decision`, an audit trail of every change, and a JSON API.

Every write goes through the services (``<app>/services.py``); every read of clinical data
starts from a selector scoped by the user's sites (``<app>/selectors.py``). The layers above
(instruments, decision, cohort, analysis) never import this package.

Start it with :func:`spinemet.registry.bootstrap.setup` (the ``spinemet`` commands do), which
configures Django from the environment and migrates an empty or older database.
"""
