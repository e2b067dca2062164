from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.enums import Role

from .enums import CANNOT_BE_OFF, Channel, ReminderKind
from .models import DEFAULT_LEAD_FAR, DEFAULT_LEAD_NEAR, DEFAULT_WAITING_DAYS

# The kinds each role receives (a member sees only the choices that can reach them).
KINDS_OF_ROLE = {
    Role.STAFF: [ReminderKind.DUE],
    Role.COORDINATOR: [ReminderKind.SUMMARY, ReminderKind.ESCALATION],
    Role.APPROVER: [ReminderKind.APPROVAL],
    Role.VIEWER: [],
}


class PreferencesForm(forms.Form):
    """One channel per kind of reminder; what waits on the person's own decision has no
    "off"."""

    line_user_id = forms.CharField(
        label=_("LINE user ID ของท่าน"),
        required=False,
        max_length=64,
        help_text=_("ขึ้นต้นด้วย U ตามด้วยตัวอักษรและตัวเลข ๓๒ ตัว เว้นว่างเพื่อยกเลิกการเชื่อม LINE"),
    )

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = KINDS_OF_ROLE.get(role, [])
        for kind in self.kinds:
            choices = [c for c in Channel.choices if not (kind in CANNOT_BE_OFF and c[0] == "off")]
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=ReminderKind(kind).label,
                choices=choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        self.order_fields([f"kind_{kind}" for kind in self.kinds] + ["line_user_id"])

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in self.kinds}


class LeadTimesForm(forms.Form):
    lead_days_far = forms.IntegerField(
        label=_("เตือนล่วงหน้าครั้งแรก (วันก่อนสิ้นรอบหรือกำหนดส่ง)"),
        min_value=1,
        max_value=90,
        initial=DEFAULT_LEAD_FAR,
    )
    lead_days_near = forms.IntegerField(
        label=_("เตือนล่วงหน้าครั้งที่สอง (วัน)"), min_value=1, max_value=89, initial=DEFAULT_LEAD_NEAR
    )
    waiting_days = forms.IntegerField(
        label=_("เตือนผู้บริหารเมื่อรายงานรอการพิจารณาครบ (วัน)"),
        min_value=1,
        max_value=30,
        initial=DEFAULT_WAITING_DAYS,
        help_text=_("เตือนซ้ำทุกช่วงเท่านี้ และแจ้งผู้ประสานงานครั้งเดียวเมื่อรอครบสองเท่า"),
    )

    def clean(self):
        data = super().clean()
        far, near = data.get("lead_days_far"), data.get("lead_days_near")
        if far and near and near >= far:
            self.add_error("lead_days_near", _("วันเตือนครั้งที่สองต้องน้อยกว่าครั้งแรก"))
        return data


class LineChannelForm(forms.Form):
    access_token = forms.CharField(
        max_length=500,
        label=_("Channel access token (long-lived) ของ LINE Official Account"),
        # A token, not a password: a text box that browsers neither fill nor keep (a password box
        # would ask password managers to save it); the page never shows it back.
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("จาก LINE Developers Console แท็บ Messaging API เมื่อบันทึกแล้วระบบจะไม่แสดงค่านี้อีก"),
    )
