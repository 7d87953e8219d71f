import importlib

from django.core.management.base import BaseCommand

from dangvu.core.plugins import FEATURE_APPS
from dangvu.demo import data


def load_feature_demos(stdout=None):
    """Each feature app may ship ``demo.py`` with ``load() -> bool`` (idempotent, on top of the base demo)."""
    for app in FEATURE_APPS:
        name = f"dangvu.{app}.demo"
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        loaded = mod.load()
        if stdout is not None and loaded:
            stdout.write(f"  + dữ liệu mẫu: {mod.__doc__.strip().splitlines()[0] if mod.__doc__ else app}")


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không nhân đôi dữ liệu)."

    def handle(self, *args, **options):
        if data.load():
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn: không nạp lại.")
        load_feature_demos(self.stdout)
        self.stdout.write(
            "Địa chỉ: http://127.0.0.1:8000\n"
            "Tài khoản mẫu (mật khẩu: demo):\n"
            "  admin     – quản trị hệ thống\n"
            "  vanphong  – văn phòng Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh (toàn bộ cấp dưới)\n"
            "  ubkt      – Ủy ban Kiểm tra Đảng ủy Khối (toàn bộ cấp dưới)\n"
            "  chunhiem  – Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối, trưởng đoàn kiểm tra (seed 004)\n"
            "  bithu     – Bí thư Chi bộ I Văn phòng Sở\n"
            "  dangvien  – đảng viên Chi bộ II"
        )
