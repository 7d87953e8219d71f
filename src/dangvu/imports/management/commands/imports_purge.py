"""Drop the imports checked but never written (or failed) after DANGVU_IMPORT_KEEP_DAYS days, with their files."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Xóa các lượt nhập đã kiểm tra mà không ghi (hoặc không thành công) để quá số ngày quy định "
            "(DANGVU_IMPORT_KEEP_DAYS, mặc định 30), cùng tệp đã tải lên; chạy hằng ngày bằng cron.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Số ngày giữ lượt nhập chưa ghi (mặc định: DANGVU_IMPORT_KEEP_DAYS).")

    def handle(self, *args, days=None, **options):
        from dangvu.imports import services

        try:
            names = services.purge_unwritten(days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if names:
            self.stdout.write(f"Đã xóa {len(names)} lượt nhập không được ghi, cùng tệp đã tải lên: " + ", ".join(names))
        else:
            self.stdout.write("Không có lượt nhập nào để xóa.")
