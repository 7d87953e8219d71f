from django.core.management.base import BaseCommand, CommandError

from dangvu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump -Fc; SQLite: sao lưu trực tuyến) cùng các tệp tải lên vào một "
        "tệp .tar.gz có manifest (ngày, loại cơ sở dữ liệu, phiên bản, số bản ghi từng bảng)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help="thư mục ghi bản sao lưu (mặc định: var/backups)")
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu (mặc định: default)")

    def handle(self, *args, output=None, database="default", **options):
        try:
            result = backup(output, using=database)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(result.manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu {rows} bản ghi trong {len(result.manifest['tables'])} bảng và "
            f"{result.manifest['media']} tệp tải lên vào {result.path}"
        )
        self.stdout.write(str(result.path))
