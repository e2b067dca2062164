from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models

from .models import Division, FiscalYear, Membership, Organisation, Position, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        ("ชื่อ", {"fields": ("title", "first_name", "last_name", "email")}),
        *BaseUserAdmin.fieldsets[2:],
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 0


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "district", "province", "slug", "is_active")
    list_filter = ("kind", "province", "is_active")
    search_fields = ("name", "slug", "district", "province")
    prepopulated_fields = {}
    # Addresses typed without a scheme are taken as https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [DivisionInline, PositionInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "position", "is_active")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    filter_horizontal = ("divisions",)


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year")
    list_filter = ("organisation",)
