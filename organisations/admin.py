from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models

from ita_portal.tenant_integrity import CROSS_ORGANISATION, is_tenant_model

from .models import Division, FiscalYear, Membership, Organisation, Position, User


class SameOrganisationChoicesMixin:
    """The choice lists of the row's tenant keys offer only the rows of its organisation (issue
    #21): the organisation of the row being edited, or on the add page the one chosen with
    ``?organisation=<id>`` (the list offers nothing until one is chosen). The model's
    SameOrganisation constraints refuse the rest beside the field (ita_portal.tenant_integrity).
    """

    def _organisation_id(self, request, obj=None):
        if obj is not None:
            return obj.organisation_id
        chosen = request.POST.get("organisation") or request.GET.get("organisation")
        return int(chosen) if chosen and chosen.isdigit() else None

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        organisation_id = self._organisation_id(request, obj)
        for name, field in form.base_fields.items():
            related = getattr(field, "queryset", None)
            if related is None or name == "organisation" or not is_tenant_model(related.model):
                continue
            field.queryset = related.model._base_manager.filter(
                organisation_id=organisation_id
            ).order_by(*related.model._meta.ordering)
            # A row outside the list is, but for a deleted one, another organisation's.
            field.error_messages["invalid_choice"] = CROSS_ORGANISATION % {"field": field.label}
        return form


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

    def get_formset(self, request, obj=None, **kwargs):
        # A position's division: one of this organisation's (none before it is saved).
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["division"].queryset = Division._base_manager.filter(
            organisation=obj
        ).order_by("order", "name")
        return formset


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
class MembershipAdmin(SameOrganisationChoicesMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "position", "is_active")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    filter_horizontal = ("divisions",)


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year")
    list_filter = ("organisation",)
