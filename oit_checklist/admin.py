"""Frameworks in the admin are for looking only: they come from data files
(``manage.py load_oit_framework``), so that every change is a reviewed file, not a click."""

from django.contrib import admin

from .models import Framework, OitComponent, OitItem, SubIndicator


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubIndicatorInline(ReadOnlyMixin, admin.TabularInline):
    model = SubIndicator
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("year", "agency_type", "status", "source_name", "loaded_at")
    inlines = [SubIndicatorInline]


class OitComponentInline(ReadOnlyMixin, admin.TabularInline):
    model = OitComponent
    extra = 0


@admin.register(OitItem)
class OitItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("label", "title", "framework", "sub_indicator", "produced_by_portal")
    list_filter = ("framework", "produced_by_portal")
    search_fields = ("title",)
    inlines = [OitComponentInline]
