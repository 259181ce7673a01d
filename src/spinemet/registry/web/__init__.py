"""The registry's web pages: server-rendered templates with htmx for partial updates.

Every page reads through the core's selectors and writes through its services
(:mod:`spinemet.registry.patients.services` and the others): no page has a write path or a
permission check of its own. Another site's object is 404, a monitor's save is refused (403).
"""
