from django.apps import AppConfig


class ItaPortalConfig(AppConfig):
    name = "ita_portal"
    verbose_name = "ITA Portal"

    def ready(self):
        from . import security  # noqa: F401 - connects the login/logout signal receivers
