from django.core.management.base import BaseCommand, CommandError

from dangvu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `dangvu backup` vào cơ sở dữ liệu đang cấu hình (phải cùng loại và còn "
        "trống, trừ khi có --force) và đặt lại các tệp tải lên; kiểm tra số bản ghi từng bảng sau khi khôi phục."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .tar.gz do `dangvu backup` tạo")
        parser.add_argument(
            "--force", action="store_true", help="thay toàn bộ dữ liệu hiện có của cơ sở dữ liệu đích bằng bản sao lưu"
        )
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu (mặc định: default)")

    def handle(self, *args, file, force=False, database="default", **options):
        try:
            manifest = restore(file, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục bản sao lưu ngày {manifest['created_at']}: {rows} bản ghi trong "
            f"{len(manifest['tables'])} bảng (khớp manifest) và {manifest['media']} tệp tải lên."
        )
