import re
import sys

from django.core.management.base import BaseCommand

from dangvu.core import maintenance, plugins
from dangvu.demo import data

SEED_NOTE = re.compile(r"\s*\(seed \d+\)|,? (?:của )?seed \d+(?:'s)?")


def load_feature_demos(stdout=None):
    """Each app whose manifest declares ``demo`` (``load() -> bool``, idempotent, on top of the base demo)."""
    for app, load in plugins.demo_loaders():
        loaded = load()
        doc = getattr(sys.modules.get(load.__module__), "__doc__", None)
        if stdout is not None and loaded:
            # the docstring's first line, without the source notes ("(seed 004)") meant for the code's readers
            line = SEED_NOTE.sub("", doc.strip().splitlines()[0]) if doc else app
            stdout.write(f"  + dữ liệu mẫu: {line}")


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không nhân đôi dữ liệu)."

    def handle(self, *args, **options):
        if data.load():
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn: không nạp lại.")
        load_feature_demos(self.stdout)
        maintenance.analyse()  # statistics for the planner before the first page
        self.stdout.write(
            "Địa chỉ: http://127.0.0.1:8000\n"
            "Tài khoản mẫu (mật khẩu: demo):\n"
            "  admin     – quản trị hệ thống\n"
            "  vanphong  – văn phòng Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh (toàn bộ cấp dưới)\n"
            "  ubkt      – Ủy ban Kiểm tra Đảng ủy Khối (toàn bộ cấp dưới)\n"
            "  chunhiem  – Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối, trưởng đoàn kiểm tra\n"
            "  bithu     – Bí thư Chi bộ I Văn phòng Sở\n"
            "  dangvien  – đảng viên Chi bộ II"
        )
