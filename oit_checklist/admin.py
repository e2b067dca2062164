from django.contrib import admin

from .models import Framework, OitComponent, OitItem, SubIndicator


class SubIndicatorInline(admin.TabularInline):
    model = SubIndicator
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Read-mostly: frameworks come from data files (manage.py load_oit_framework)."""

    list_display = ("year", "source_name", "loaded_at")
    inlines = [SubIndicatorInline]


class OitComponentInline(admin.TabularInline):
    model = OitComponent
    extra = 0


@admin.register(OitItem)
class OitItemAdmin(admin.ModelAdmin):
    list_display = ("label", "title", "framework", "sub_indicator", "produced_by_portal")
    list_filter = ("framework", "produced_by_portal")
    search_fields = ("title",)
    inlines = [OitComponentInline]
