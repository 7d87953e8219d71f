from django.core.management.base import BaseCommand

from dangvu.demo import data


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không nhân đôi dữ liệu)."

    def handle(self, *args, **options):
        if data.load():
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn: không nạp lại.")
        self.stdout.write(
            "Địa chỉ: http://127.0.0.1:8000\n"
            "Tài khoản mẫu (mật khẩu: demo):\n"
            "  admin     – quản trị hệ thống\n"
            "  vanphong  – văn phòng Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh (toàn bộ cấp dưới)\n"
            "  ubkt      – Ủy ban Kiểm tra Đảng ủy Khối (toàn bộ cấp dưới)\n"
            "  bithu     – Bí thư Chi bộ I Văn phòng Sở\n"
            "  dangvien  – đảng viên Chi bộ II"
        )
