"""Django's password validators with Thai messages (Django's own Thai catalogue leaves them in
English). The rules are Django's, unchanged; only the words are ours."""

from django.contrib.auth import password_validation as django_validators

from . import thai


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "รหัสผ่านคล้ายกับ%(verbose_name)sของท่านเกินไป กรุณาตั้งรหัสผ่านอื่น"

    def get_help_text(self):
        return "ไม่คล้ายกับชื่อ ชื่อผู้ใช้ หรืออีเมลของท่าน"


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return f"รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย {thai.thai_digits(self.min_length)} ตัวอักษร"

    def get_help_text(self):
        return f"อย่างน้อย {thai.thai_digits(self.min_length)} ตัวอักษร"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self):
        return "รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น"

    def get_help_text(self):
        return "ไม่ใช่รหัสผ่านที่ใช้กันทั่วไป"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด"

    def get_help_text(self):
        return "ไม่เป็นตัวเลขทั้งหมด"
