"""Forms of reports and approvals. Every message is Thai."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate

from organisations.models import Membership, Position
from reports.enums import ROUND_KINDS, ActingKind, DecisionForm, DecisionValue, ReportKind
from reports.models import ApprovalChain, ChainStep, Memo

ROUND_CHOICES = [("", "—"), ("6", "รอบ ๖ เดือน"), ("12", "รอบ ๑๒ เดือน")]


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label="ประเภทรายงาน",
        choices=ReportKind.choices,
        error_messages={"invalid_choice": "เลือกประเภทรายงานจากรายการ"},
    )
    year = forms.TypedChoiceField(
        label="ปีงบประมาณ", coerce=int, error_messages={"invalid_choice": "เลือกปีงบประมาณจากรายการ"}
    )
    round = forms.TypedChoiceField(
        label="รอบการรายงาน",
        choices=ROUND_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="สำหรับรายงานความก้าวหน้าและรายงานผลการดำเนินการ",
        error_messages={"invalid_choice": "เลือกรอบ ๖ เดือน หรือ ๑๒ เดือน"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.year, str(y)) for y in years]

    def clean(self):
        data = super().clean()
        if data.get("kind") in ROUND_KINDS and not data.get("round"):
            self.add_error("round", "รายงานประเภทนี้ต้องเลือกรอบการรายงาน")
        return data


class MemoForm(forms.ModelForm):
    class Meta:
        model = Memo
        fields = ["division_line", "subject", "addressee", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        error_messages = {
            "division_line": {"required": "กรอกส่วนราชการ"},
            "subject": {"required": "กรอกเรื่อง"},
            "addressee": {"required": "กรอกผู้ที่เรียนถึง"},
            "body": {"required": "กรอกข้อความของบันทึก"},
        }


class ApprovalDecisionForm(forms.Form):
    """The approver's decision, confirmed with their password."""

    value = forms.ChoiceField(
        label="ผลการพิจารณา",
        widget=forms.RadioSelect,
        error_messages={"required": "เลือกผลการพิจารณา", "invalid_choice": "เลือกผลการพิจารณา"},
    )
    comment = forms.CharField(
        label="ความเห็น / เหตุผล",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    password = forms.CharField(
        label="ยืนยันด้วยรหัสผ่านของท่าน",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )

    def __init__(self, *args, step: dict, request, needs_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request  # authenticate() needs it: a wrong password counts to the lockout
        self.user = request.user
        self.needs_password = needs_password
        if step["form"] == DecisionForm.TEXT:
            choices = [
                (DecisionValue.APPROVE, "เห็นชอบ"),
                (DecisionValue.REJECT, "ไม่เห็นชอบ ส่งกลับแก้ไข เนื่องจาก (ระบุเหตุผล)"),
            ]
        elif step["last"]:
            choices = [
                (DecisionValue.APPROVE, "ทราบ/อนุมัติ ดำเนินการในส่วนที่เกี่ยวข้องต่อไป"),
                (DecisionValue.REJECT, "ไม่อนุมัติ เนื่องจาก (ระบุเหตุผล)"),
            ]
        else:
            choices = [
                (DecisionValue.APPROVE, "เห็นควรอนุมัติ"),
                (DecisionValue.REJECT, "ไม่เห็นควรอนุมัติ เนื่องจาก (ระบุเหตุผล)"),
            ]
        self.fields["value"].choices = choices
        if not needs_password:
            del self.fields["password"]
        else:
            self.fields["password"].required = True
            self.fields["password"].error_messages["required"] = "กรอกรหัสผ่านเพื่อยืนยันตัวตน"

    def clean_password(self):
        password = self.cleaned_data.get("password")
        user = authenticate(self.request, username=self.user.username, password=password)
        if self.needs_password and user is None:
            raise forms.ValidationError("รหัสผ่านไม่ถูกต้อง")
        return ""  # never kept in cleaned data

    def clean(self):
        data = super().clean()
        if data.get("value") == DecisionValue.REJECT and not (data.get("comment") or "").strip():
            self.add_error("comment", "โปรดระบุเหตุผล เพื่อให้ผู้จัดทำแก้ไขได้ตรงประเด็น")
        return data


class ChainStepForm(forms.ModelForm):
    class Meta:
        model = ChainStep
        # `position` is added per organisation in __init__ (its queryset needs the scope).
        fields = ["order", "signer", "acting", "form"]
        error_messages = {
            "order": {"required": "กรอกลำดับ", "invalid": "ลำดับต้องเป็นตัวเลข"},
            "signer": {"required": "เลือกผู้ลงนาม"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"] = forms.ModelChoiceField(
            label="ตำแหน่ง",
            queryset=Position.objects.filter(organisation=organisation, is_active=True),
            initial=self.instance.position_id if self.instance.pk else None,
            error_messages={"required": "เลือกตำแหน่ง", "invalid_choice": "เลือกตำแหน่งจากรายการ"},
        )
        self.order_fields(["order", "position", "signer", "acting", "form"])
        self.fields["order"].widget.attrs.update(
            {"class": "form-control ita-input-order", "inputmode": "numeric"}
        )
        for name in ("position", "signer", "acting", "form"):
            self.fields[name].widget.attrs["class"] = "form-select"
        members = Membership.objects.filter(organisation=organisation, is_active=True)
        self.fields["signer"].queryset = (
            self.fields["signer"].queryset.filter(memberships__in=members).distinct()
        )
        self.fields["signer"].label_from_instance = lambda user: user.full_name
        self.fields["signer"].required = False
        self.fields["signer"].empty_label = "ผู้ดำรงตำแหน่งในขณะที่ส่งรายงาน"
        self.fields["acting"].choices = [("", "ผู้ดำรงตำแหน่ง"), *ActingKind.choices]
        self.fields["acting"].required = False


class BaseChainStepFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Before the model formset's own unique check, whose message names no field a
        # coordinator knows.
        orders = [
            form.cleaned_data["order"]
            for form in self.forms
            if form.cleaned_data.get("order") and not form.cleaned_data.get("DELETE")
        ]
        if len(orders) != len(set(orders)):
            raise forms.ValidationError("ลำดับของผู้อนุมัติซ้ำกัน แต่ละคนต้องมีลำดับไม่ซ้ำ")
        super().clean()


ChainStepFormSet = forms.inlineformset_factory(
    ApprovalChain,
    ChainStep,
    form=ChainStepForm,
    formset=BaseChainStepFormSet,
    extra=1,
    can_delete=True,
)
