from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hiroba.audit"
    label = "audit"
