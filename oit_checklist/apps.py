from django.apps import AppConfig


class OitChecklistConfig(AppConfig):
    name = "oit_checklist"
    verbose_name = "รายการตรวจ OIT"
