import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.text import slugify

from ita_portal import security, thai

from . import policies
from .enums import OrganisationKind, PersonTitle, Role
from .models import Division, Membership, Organisation, Position
from .onboarding import ORGANISATION_FIELDS, template_for
from .services import POLICY_FIELDS, SETTINGS_FIELDS


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง",
        "inactive": "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ชื่อผู้ใช้"
        self.fields["password"].label = "รหัสผ่าน"
        self.fields["username"].error_messages["required"] = "กรุณากรอกชื่อผู้ใช้"
        self.fields["password"].error_messages["required"] = "กรุณากรอกรหัสผ่าน"
        # Django sets the username's max_length after the field is made, so nothing checks it
        # on the server: a name longer than the lockout table's column (255) was a 500.
        limit = self.fields["username"].max_length
        self.fields["username"].validators.append(
            MaxLengthValidator(
                limit, message=f"ชื่อผู้ใช้ยาวเกิน {thai.thai_digits(limit)} ตัวอักษร กรุณาตรวจสอบชื่อผู้ใช้"
            )
        )

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            wait = security.login_wait_seconds(self.request, username)
            if wait:
                raise forms.ValidationError(
                    "มีการกรอกรหัสผ่านของชื่อผู้ใช้นี้ผิดหลายครั้งจากหลายเครื่อง ระบบจึงตรวจรหัสผ่านได้ช้าลง "
                    f"กรุณารอ {thai.thai_digits(wait)} วินาทีแล้วลองใหม่ "
                    "(เครื่องที่ท่านเคยเข้าสู่ระบบสำเร็จไม่ต้องรอ)",
                    code="slowed",
                )
        return super().clean()


class FiscalYearForm(forms.Form):
    year = forms.CharField(
        label="ปีงบประมาณ (พ.ศ.)",
        max_length=10,
        help_text="เช่น 2570 หรือ ๒๕๗๐",
        error_messages={
            "required": "กรุณากรอกปีงบประมาณ",
            "max_length": "กรุณากรอกปีงบประมาณเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๗๐",
        },
    )

    def clean_year(self) -> int:
        raw = thai.arabic_digits(self.cleaned_data["year"].strip())
        if not raw.isdigit():
            raise forms.ValidationError("กรุณากรอกปีงบประมาณเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๗๐")
        year = int(raw)
        if not 2560 <= year <= 2700:
            raise forms.ValidationError("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง ๒๕๖๐ ถึง ๒๗๐๐ (ไม่ใช่ปี ค.ศ.)")
        return year


class EitSurveyForm(forms.Form):
    eit_survey_url = forms.URLField(
        label="ลิงก์แบบสำรวจ EIT",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="ลิงก์แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ที่ได้รับจาก ป.ป.ช. เว้นว่างไว้หากยังไม่ได้รับ",
        error_messages={
            "invalid": "กรุณากรอกลิงก์ให้ถูกต้อง เริ่มด้วย https:// เช่น https://itas.nacc.go.th/…",
            "max_length": "ลิงก์ยาวเกิน ๕๐๐ ตัวอักษร",
        },
    )

    def clean_eit_survey_url(self) -> str:
        url = self.cleaned_data["eit_survey_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("ลิงก์ต้องเริ่มด้วย https:// หรือ http://")
        return url


# --- people ---------------------------------------------------------------------------------

_NAME_ERRORS = {"required": "กรุณากรอกชื่อ", "max_length": "ชื่อยาวเกิน %(limit_value)s ตัวอักษร"}


def _position_choice(organisation, label: str, *, instance_value=None) -> forms.ModelChoiceField:
    queryset = Position.objects.filter(organisation=organisation)
    if instance_value is None:
        queryset = queryset.filter(is_active=True)
    else:  # a retired position the member still holds stays choosable for them
        queryset = queryset.filter(Q(is_active=True) | Q(pk=instance_value))
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset.order_by("title"),
        required=False,
        empty_label="— ไม่ระบุ —",
        error_messages={"invalid_choice": "เลือกตำแหน่งจากรายการ"},
    )


class MemberForm(forms.Form):
    """What the coordinator decides about a member: role, divisions, position, acting."""

    role = forms.ChoiceField(
        label="บทบาท",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "กรุณาเลือกบทบาท",
            "invalid_choice": "เลือกบทบาทจากรายการ",
        },
    )
    divisions = forms.ModelMultipleChoiceField(
        label="ส่วนราชการที่รับผิดชอบ",
        queryset=Division.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="เจ้าหน้าที่เห็นและรายงานผลเฉพาะขั้นตอนและรายการ OIT ของส่วนราชการที่เลือก",
        error_messages={"invalid_choice": "เลือกส่วนราชการจากรายการ"},
    )

    def __init__(self, *args, organisation, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = Division.objects.filter(organisation=organisation)
        if membership is None:
            divisions = divisions.filter(is_active=True)
        else:
            divisions = divisions.filter(Q(is_active=True) | Q(membership=membership)).distinct()
        self.fields["divisions"].queryset = divisions.order_by("order", "name")
        self.fields["position"] = _position_choice(
            organisation, "ตำแหน่ง", instance_value=membership and membership.position_id
        )
        self.fields["acting_position"] = _position_choice(
            organisation,
            "รักษาราชการแทนตำแหน่ง",
            instance_value=membership and membership.acting_position_id,
        )
        self.fields["acting_position"].help_text = "เมื่อตำแหน่งนั้นว่าง สายการอนุมัติที่ระบุตำแหน่งนั้นจะส่งถึงท่านนี้"

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.STAFF and not data.get("divisions"):
            self.add_error("divisions", "เจ้าหน้าที่ของส่วนราชการต้องรับผิดชอบอย่างน้อยหนึ่งส่วนราชการ")
        if role == Role.APPROVER and not (data.get("position") or data.get("acting_position")):
            self.add_error("position", "ผู้บริหารต้องมีตำแหน่ง เพื่อให้สายการอนุมัติส่งรายงานถึงได้")
        if data.get("position") and data.get("position") == data.get("acting_position"):
            self.add_error("acting_position", "ตำแหน่งที่รักษาราชการแทนต้องไม่ใช่ตำแหน่งของท่านเอง")
        return data


class PersonFields(forms.Form):
    title = forms.ChoiceField(
        label="คำนำหน้านาม",
        choices=[("", "— เลือก —"), *PersonTitle.choices],
        error_messages={
            "required": "กรุณาเลือกคำนำหน้านาม",
            "invalid_choice": "เลือกคำนำหน้านามจากรายการ",
        },
    )
    first_name = forms.CharField(label="ชื่อ", max_length=150, error_messages=_NAME_ERRORS)
    last_name = forms.CharField(
        label="นามสกุล",
        max_length=150,
        error_messages={**_NAME_ERRORS, "required": "กรุณากรอกนามสกุล"},
    )


class InviteForm(PersonFields, MemberForm):
    """A new member. With an e-mail address the person gets an invitation; without one the
    coordinator prints an activation sheet."""

    email = forms.EmailField(
        label="อีเมล",
        required=False,
        max_length=254,
        help_text="ระบบส่งลิงก์ตั้งรหัสผ่านไปที่อีเมลนี้ หากไม่มีอีเมล ให้เว้นว่าง แล้วพิมพ์ใบรหัสเปิดใช้งานมอบให้เจ้าหน้าที่",
        error_messages={"invalid": "กรุณากรอกอีเมลให้ถูกต้อง เช่น somchai@nathon.go.th"},
    )

    field_order = ["email", "title", "first_name", "last_name", "role", "position"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if (
            email
            and Membership.objects.filter(
                organisation=self.organisation, user__email__iexact=email
            ).exists()
        ):
            raise forms.ValidationError(
                "อีเมลนี้เป็นสมาชิกของหน่วยงานอยู่แล้ว หากถูกระงับการใช้งาน ให้เปิดใช้งานอีกครั้งจากหน้าของสมาชิกผู้นั้น"
            )
        return email


class DivisionForm(forms.Form):
    name = forms.CharField(
        label="ชื่อส่วนราชการ",
        max_length=200,
        error_messages={"required": "กรุณากรอกชื่อส่วนราชการ", "max_length": "ชื่อยาวเกิน ๒๐๐ ตัวอักษร"},
    )
    order = forms.IntegerField(
        label="ลำดับ",
        min_value=0,
        max_value=999,
        initial=0,
        error_messages={
            "required": "กรุณากรอกลำดับ",
            "invalid": "ลำดับต้องเป็นตัวเลข",
            "min_value": "ลำดับต้องไม่ติดลบ",
            "max_value": "ลำดับต้องไม่เกิน ๙๙๙",
        },
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class PositionForm(forms.Form):
    title = forms.CharField(
        label="ชื่อตำแหน่ง (ตามที่พิมพ์ในเอกสาร)",
        max_length=200,
        help_text="เช่น ปลัดองค์การบริหารส่วนตำบลหนองแวง",
        error_messages={"required": "กรุณากรอกชื่อตำแหน่ง", "max_length": "ชื่อยาวเกิน ๒๐๐ ตัวอักษร"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = forms.ModelChoiceField(
            label="สังกัด",
            queryset=Division.objects.filter(organisation=organisation, is_active=True),
            required=False,
            empty_label="— ไม่สังกัดส่วนราชการ (ผู้บริหาร) —",
            error_messages={"invalid_choice": "เลือกส่วนราชการจากรายการ"},
        )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


def _url_field(label: str, help_text: str = "") -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=help_text,
        error_messages={
            "invalid": "กรุณากรอกลิงก์ให้ถูกต้อง เริ่มด้วย https:// ",
            "max_length": "ลิงก์ยาวเกิน ๓๐๐ ตัวอักษร",
        },
    )


class OrganisationSettingsForm(forms.ModelForm):
    """The coordinator's settings of the organisation (not its name, type or link: the
    operator's)."""

    class Meta:
        model = Organisation
        fields = SETTINGS_FIELDS
        error_messages = {
            "email": {"invalid": "กรุณากรอกอีเมลให้ถูกต้อง"},
        }

    website = _url_field("เว็บไซต์หลัก", "เว็บไซต์ที่ใช้เผยแพร่ข้อมูล OIT")
    facebook_url = _url_field("เพจ Facebook", "เช่น https://www.facebook.com/nathon.sao")
    eit_survey_url = _url_field(
        "ลิงก์แบบสำรวจ EIT", "ลิงก์แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ที่ได้รับจาก ป.ป.ช."
    )

    def clean_postcode(self) -> str:
        code = thai.arabic_digits(self.cleaned_data["postcode"].strip())
        if code and not (code.isdigit() and len(code) == 5):
            raise forms.ValidationError("รหัสไปรษณีย์ต้องเป็นตัวเลข ๕ หลัก")
        return code

    def clean_phone(self) -> str:
        return _phone_numbers(self.cleaned_data["phone"], "หมายเลขโทรศัพท์")

    def clean_fax(self) -> str:
        return _phone_numbers(self.cleaned_data["fax"], "หมายเลขโทรสาร")

    def clean_facebook_url(self) -> str:
        url = self.cleaned_data["facebook_url"]
        host = (urlsplit(url).hostname or "").lower()
        if url and host not in FACEBOOK_HOSTS and not host.endswith(".facebook.com"):
            raise forms.ValidationError(
                "ลิงก์เพจ Facebook ต้องเป็นลิงก์ของ facebook.com เช่น https://www.facebook.com/nathon.sao"
            )
        return url


# Digits, spaces, - ( ) + and "ต่อ" before an extension; numbers separated by commas.
_NUMBER = r"[0-9+(][0-9 ()+-]*(?: ?ต่อ ?[0-9]{1,5})?"
PHONE = re.compile(rf"{_NUMBER}(?:, ?{_NUMBER})*")


def _phone_numbers(value: str, what: str) -> str:
    """One or more numbers as an office writes them: 0 7471 2345, 074-712345 ต่อ 12,
    074 712 345, 081 234 5678 (Thai digits become Arabic: the footer dials them)."""
    numbers = " ".join(thai.arabic_digits(value).split())
    if numbers and (
        not PHONE.fullmatch(numbers) or sum(c.isdigit() for c in numbers.split(",")[0]) < 9
    ):
        raise forms.ValidationError(
            f"กรุณากรอก{what}เป็นตัวเลขอย่างน้อย ๙ หลัก เช่น 0 7471 2345 "
            "หรือ 074-712345 ต่อ 12 (หลายหมายเลขคั่นด้วย ,)"
        )
    return numbers


FACEBOOK_HOSTS = {"facebook.com", "fb.com", "fb.me"}


class OrganisationPoliciesForm(forms.ModelForm):
    """The organisation's privacy notice and website policy, as the public site shows them."""

    class Meta:
        model = Organisation
        fields = POLICY_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 18}) for name in POLICY_FIELDS}
        help_texts = {
            "privacy_notice": "แสดงที่หน้า นโยบายคุ้มครองข้อมูลส่วนบุคคล ของเว็บไซต์สาธารณะ "
            "เว้นบรรทัดระหว่างย่อหน้า ย่อหน้าบรรทัดเดียวที่ขึ้นต้นด้วยเลขข้อ เช่น ๑. เป็นหัวข้อ",
            "website_policy": "แสดงที่หน้า นโยบายเว็บไซต์ ของเว็บไซต์สาธารณะ",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The coordinator starts from the portal's template, filled with the organisation.
        for name in POLICY_FIELDS:
            if not getattr(self.instance, name):
                self.initial[name] = policies.DEFAULTS[name](self.instance)

    def _clean_policy(self, name: str) -> str:
        """The template as it was offered is saved as empty, so that the page keeps following
        the organisation's contacts when they change."""
        text = self.cleaned_data[name].replace("\r\n", "\n").strip()
        if text == policies.DEFAULTS[name](self.instance).strip():
            return ""
        return text

    def clean_privacy_notice(self) -> str:
        return self._clean_policy("privacy_notice")

    def clean_website_policy(self) -> str:
        return self._clean_policy("website_policy")


# --- the operator's ---------------------------------------------------------------------------


@functools.cache
def provinces() -> frozenset[str]:
    path = Path(__file__).resolve().parent / "data" / "provinces.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def slug_proposal(name: str, kind: str) -> str:
    """A free slug made from the organisation's name: หนองแวง → nongwaeng (royin romanisation,
    pythainlp; no model or data set to load), nongwaeng2 … when taken."""
    from pythainlp.transliterate import romanize  # loaded only when a slug is proposed

    local = template_for(kind).local_name(name) if kind in OrganisationKind.values else name
    base = slugify(romanize(local.replace(" ", ""))) or "org"
    base = base[:40]
    candidate, number = base, 1
    while Organisation.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


class OrganisationForm(forms.ModelForm):
    """A new organisation, from /site/organisations/new/ or one line of the CSV import."""

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        error_messages = {
            "kind": {
                "required": "กรุณาเลือกประเภทหน่วยงาน",
                "invalid_choice": "ประเภทหน่วยงานต้องเป็น sao, tambon_municipality, "
                "town_municipality หรือ city_municipality",
            },
            "name": {"required": "กรุณากรอกชื่อหน่วยงาน", "max_length": "ชื่อยาวเกิน ๒๐๐ ตัวอักษร"},
            "district": {"required": "กรุณากรอกอำเภอ"},
            "province": {"required": "กรุณากรอกจังหวัด"},
            "email": {"invalid": "กรุณากรอกอีเมลให้ถูกต้อง"},
        }
        help_texts = {
            "slug": "ตัวอักษรภาษาอังกฤษตัวเล็ก ตัวเลข และ - ใช้ในลิงก์ /p/<ชื่อ>/ "
            "เว้นว่างไว้ให้ระบบเสนอจากชื่อหน่วยงาน",
            "document_prefix": "ส่วนหน้าของเลขที่หนังสือ เช่น สต ๓๒๓๐๑",
        }

    slug = forms.RegexField(
        label="ชื่อในลิงก์",
        regex=r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
        required=False,
        max_length=50,
        error_messages={
            "invalid": "ชื่อในลิงก์ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษตัวเล็ก ตัวเลข และ - (ไม่ขึ้นต้นหรือลงท้ายด้วย -)",
            "max_length": "ชื่อในลิงก์ยาวเกิน ๕๐ ตัวอักษร",
            "unique": "ชื่อในลิงก์นี้เป็นของหน่วยงานอื่นแล้ว กรุณาเลือกชื่ออื่น",
        },
    )
    website = forms.URLField(
        label="เว็บไซต์หลัก",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "กรุณากรอกลิงก์เว็บไซต์ให้ถูกต้อง เช่น https://www.nathon.go.th"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OrganisationKind.choices
        self.fields["slug"].help_text = self._meta.help_texts["slug"]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_province(self) -> str:
        province = self.cleaned_data["province"].strip().removeprefix("จังหวัด").strip()
        if province not in provinces():
            raise forms.ValidationError(
                f"ไม่พบจังหวัด “{province}” กรุณาพิมพ์ชื่อจังหวัดให้ถูกต้อง เช่น สตูล หรือ กรุงเทพมหานคร"
            )
        return province

    def clean_district(self) -> str:
        return self.cleaned_data["district"].strip().removeprefix("อำเภอ").strip()

    def clean_subdistrict(self) -> str:
        return self.cleaned_data["subdistrict"].strip().removeprefix("ตำบล").strip()

    def clean_postcode(self) -> str:
        code = thai.arabic_digits(self.cleaned_data["postcode"].strip())
        if code and not (code.isdigit() and len(code) == 5):
            raise forms.ValidationError("รหัสไปรษณีย์ต้องเป็นตัวเลข ๕ หลัก")
        return code

    def clean(self):
        data = super().clean()
        kind, name = data.get("kind"), data.get("name")
        if kind and name:
            prefix = template_for(kind).name_prefix
            if not name.startswith(prefix) or not name.removeprefix(prefix).strip():
                self.add_error(
                    "name",
                    f"ชื่อของ{OrganisationKind(kind).label} ต้องเป็นชื่อเต็ม ขึ้นต้นด้วย “{prefix}” "
                    f"เช่น {prefix}หนองแวง",
                )
            elif not data.get("slug"):
                data["slug"] = slug_proposal(name, kind)
        return data


class CoordinatorForm(forms.Form):
    """The first coordinator of a new organisation (the operator's, or four CSV columns)."""

    title = forms.ChoiceField(
        label="คำนำหน้านาม",
        choices=[("", "— เลือก —"), *PersonTitle.choices],
        error_messages={
            "required": "กรุณาเลือกคำนำหน้านาม",
            "invalid_choice": "คำนำหน้านามต้องเป็น " + " ".join(PersonTitle.values),
        },
    )
    first_name = forms.CharField(label="ชื่อ", max_length=150, error_messages=_NAME_ERRORS)
    last_name = forms.CharField(
        label="นามสกุล",
        max_length=150,
        error_messages={**_NAME_ERRORS, "required": "กรุณากรอกนามสกุล"},
    )
    email = forms.EmailField(
        label="อีเมล",
        max_length=254,
        error_messages={
            "required": "กรุณากรอกอีเมลของผู้ประสานงาน",
            "invalid": "กรุณากรอกอีเมลให้ถูกต้อง เช่น somchai@nathon.go.th",
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
