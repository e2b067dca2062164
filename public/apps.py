from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site (/p/…), beside the staff portal as pretix's presale is beside control:
    views, selectors, urls and templates over the other apps' models; no models of its own."""

    name = "public"
    verbose_name = "เว็บไซต์สาธารณะ"
