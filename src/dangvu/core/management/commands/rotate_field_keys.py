"""`dangvu rotate_field_keys`: re-encrypt every protected value (EncryptedTextField) with the first key.

Rotation: generate a key, put it first in DANGVU_FIELD_KEYS (keeping the old ones after it), run this
command, then remove the old keys. All or nothing: a value that no configured key opens stops the
command with its table and row, and nothing is changed.
"""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dangvu.core import crypto

BATCH = 500


class Command(BaseCommand):
    help = ("Mã hóa lại mọi trường được bảo vệ (danh tính người tố cáo) bằng khóa đầu tiên của "
            "DANGVU_FIELD_KEYS, để có thể bỏ khóa cũ.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ kiểm tra mọi giá trị mở được bằng các khóa hiện có, không ghi gì.")

    def handle(self, *args, dry_run=False, **options):
        crypto.fernet()  # a missing or malformed key stops here, before reading anything
        total = 0
        with transaction.atomic():
            for model, fields in crypto.encrypted_fields():
                count = self._rotate(model, fields, dry_run)
                total += count
                self.stdout.write(f"{model._meta.label}: {count} giá trị ({', '.join(fields)})")
            if dry_run:
                transaction.set_rollback(True)
        verb = "mở được" if dry_run else "đã mã hóa lại"
        self.stdout.write(self.style.SUCCESS(f"Tổng cộng {total} giá trị {verb} bằng khóa đầu tiên."))

    def _rotate(self, model, fields, dry_run) -> int:
        manager = model._default_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        count = 0
        for start in range(0, len(pks), BATCH):
            rows = manager.select_for_update().filter(pk__in=pks[start:start + BATCH]).values_list("pk", *fields)
            batch = []
            for pk, *values in rows:
                obj = model(pk=pk)
                for name, value in zip(fields, values, strict=True):
                    try:
                        setattr(obj, name, crypto.rotate(value))
                    except InvalidToken:
                        raise CommandError(
                            f"{model._meta.label} #{pk}, trường {name}: không khóa nào trong DANGVU_FIELD_KEYS "
                            f"mở được giá trị này; không có gì được thay đổi. Thêm lại khóa cũ vào danh sách "
                            f"rồi chạy lại."
                        )
                    count += bool(value)
                batch.append(obj)
            if not dry_run:
                manager.bulk_update(batch, fields)
        return count
