from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class AccountsConfig(AppConfig):
    name = "dangvu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
    manifest = Manifest(
        pages=("tai-khoan/", "urls"),
        api={"/accounts": "api:router"},
        menu="nav:items",
        member_links="nav:member_links",
    )

    def ready(self):
        from . import middleware  # noqa: F401  (connects the login signal that remembers the flag)
