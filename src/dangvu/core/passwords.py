"""Password rules: Django's four validators; the length message in Vietnamese (Django 5.2's catalogue lacks it)."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"Mật khẩu này quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self):
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
