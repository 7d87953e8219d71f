"""What the application keeps about an account beyond Django's user: whether its password must be changed."""

from django.conf import settings
from django.db import models


class AccountState(models.Model):
    """One row per account that was created or reset here; ``must_change_password`` sends the user to
    /tai-khoan/doi-mat-khau/ until they choose their own password."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="account_state")
    must_change_password = models.BooleanField("Phải đổi mật khẩu khi đăng nhập", default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Trạng thái tài khoản"
        verbose_name_plural = "Trạng thái tài khoản"

    def __str__(self):
        return str(self.user)
