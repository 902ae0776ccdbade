"""Admin screens of the schools register import (Schools -> Import schools).

Upload a CSV (schools.importing) -> the plan as a table, row by row, with counts per kind ->
"Apply these changes", offered only while no row is refused. The upload is kept in the private
storage between the two steps; the list of uploads is the log of imports. Bound to the purpose
fonds-cultuureducatie (the log names the staff member who uploaded), so only the roles it names
in the register see these screens, and each look is in the access log.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, IndexView, InspectView, PermissionCheckedMixin
from wagtail.admin.views.generic.base import BaseOperationView

from privacy.access import AdminAccessMixin
from schools.importing import (
    MAX_FILE_BYTES,
    AlreadyApplied,
    ImportPlan,
    ImportRefused,
    apply_import,
    plan_import,
)
from schools.models import SchoolImport

# Applying creates and changes schools and their pupil counts: who applies may do both.
APPLY_PERMISSIONS = (
    "schools.add_schoolimport",
    "schools.add_school",
    "schools.change_school",
    "schools.add_pupilcount",
    "schools.change_pupilcount",
)


def may_apply(user) -> bool:
    return user.has_perms(APPLY_PERMISSIONS)


class SchoolImportForm(WagtailAdminModelForm):
    """The upload: a CSV that can be read; its rows are judged in the plan, not here."""

    class Meta:
        model = SchoolImport
        fields = ["file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})}
        help_texts = {
            "file": gettext_lazy(
                "A CSV in the layout of DUO's open data of school branches (BRIN NUMMER, "
                "VESTIGINGSNUMMER, VESTIGINGSNAAM, STRAATNAAM, HUISNUMMER-TOEVOEGING, POSTCODE, "
                "PLAATSNAAM, SOORT PO or ONDERWIJSSTRUCTUUR; optionally PEILDATUM with AANTAL "
                "LEERLINGEN, and WIJK), separated by ';' or ','. Nothing changes before you "
                "have seen the plan and applied it."
            )
        }

    plan = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 1024 // 1024}
            )
        upload.seek(0)
        plan = plan_import(upload.read())
        upload.seek(0)
        if plan.errors:
            raise forms.ValidationError(plan.errors)
        self.plan = plan
        return upload


class SchoolImportIndexView(IndexView):
    """The log of imports, with the button to upload a new file."""

    page_title = gettext_lazy("Import schools")

    @property
    def add_item_label(self):
        return _("Upload a file")


class SchoolImportUploadView(CreateView):
    page_title = gettext_lazy("Upload a schools file")
    submit_button_label = gettext_lazy("Upload and show the plan")
    submit_button_active_label = gettext_lazy("Reading the file…")
    success_message = gettext_lazy("The file is read: check the plan below before applying it.")
    inspect_url_name = None

    def get_page_subtitle(self):
        return ""

    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.original_name = Path(self.form.cleaned_data["file"].name).name[:255]
        instance.uploaded_by = self.request.user
        instance.summary = self.form.plan.as_json()
        instance.save()
        return instance

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_success_buttons(self):
        return []


class SchoolImportPlanView(InspectView):
    """The plan: for a file not yet applied, made now against the register; for an applied
    file, what was applied."""

    template_name = "schools/admin/import_plan.html"
    page_title = gettext_lazy("Import plan")
    apply_url_name = None

    def get_page_subtitle(self):
        return self.object.original_name

    def get_uploaded_at_display_value(self):
        return date_format(timezone.localtime(self.object.uploaded_at), "DATETIME_FORMAT")

    def get_applied_at_display_value(self):
        return date_format(timezone.localtime(self.object.applied_at), "DATETIME_FORMAT")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not self.object.is_applied:
            self.fields = [f for f in self.fields if f not in ("applied_by", "applied_at")]

    def get_context_data(self, **kwargs):
        school_import = self.object
        if school_import.is_applied:
            plan = ImportPlan.from_json(school_import.summary)
        else:
            with school_import.file.open("rb") as handle:
                plan = plan_import(handle.read())
        can_apply = not school_import.is_applied and plan.can_apply and may_apply(self.request.user)
        return super().get_context_data(
            plan=plan,
            count_lines=plan.count_lines(),
            apply_url=reverse(self.apply_url_name, args=[school_import.pk]) if can_apply else None,
            may_apply=may_apply(self.request.user),
            **kwargs,
        )


class SchoolImportApplyView(AdminAccessMixin, PermissionCheckedMixin, BaseOperationView):
    """POST: apply an upload, all or nothing, once."""

    model = SchoolImport
    permission_required = "add"

    def perform_operation(self):
        if not may_apply(self.request.user):
            raise PermissionDenied
        try:
            plan = apply_import(self.object, self.request.user)
        except AlreadyApplied as already:
            messages.error(
                self.request,
                _("This file was already applied on %(when)s; upload it again to re-import it.")
                % {
                    "when": date_format(
                        timezone.localtime(already.school_import.applied_at), "DATETIME_FORMAT"
                    )
                },
            )
            return
        except ImportRefused as refused:
            messages.error(
                self.request,
                _("Nothing was applied: %(refused)s. Correct the file and upload it again.")
                % {"refused": ", ".join(refused.plan.count_lines()[-1:] + refused.plan.errors)},
            )
            return
        messages.success(
            self.request,
            _("Applied: %(counts)s.") % {"counts": ", ".join(plan.count_lines()[:-1])},
        )
