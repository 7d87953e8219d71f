"""`dangvu audit verify`: walk the audit trail's hash chain and report the first broken or missing link."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangvu.core import audit


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else "?"


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _entry(r) -> str:
    what = f"{r.app_label}.{r.model} #{r.object_id}"
    if r.object_repr:
        what += f" «{r.object_repr}»"
    return f"bản ghi #{r.entry_id} (số thứ tự {r.sequence}, lúc {_when(r.at)}, đối tượng {what})"


def describe(r: audit.Verification) -> str:
    """The Vietnamese sentence for a verification's outcome."""
    if r.ok:
        return f"Chuỗi nhật ký nguyên vẹn: {_n(r.count)} bản ghi"
    if r.problem == "missing":
        lost = r.sequence - r.expected_sequence
        after = f"sau bản ghi #{r.previous_id}" if r.previous_id else "ở đầu chuỗi"
        span = (f"số thứ tự {r.expected_sequence}" if lost == 1
                else f"các số thứ tự {r.expected_sequence}–{r.sequence - 1}")
        return (f"Chuỗi nhật ký bị đứt: thiếu {lost} bản ghi ({span}) {after}, trước {_entry(r)}; "
                f"bản ghi đã bị xóa. {_n(r.count)} bản ghi đầu tiên nguyên vẹn.")
    return (f"Chuỗi nhật ký bị đứt: {_entry(r)} không khớp mã băm: bản ghi này đã bị sửa "
            f"(hoặc bản ghi ngay trước nó bị sửa hay xóa). {_n(r.count)} bản ghi đầu tiên nguyên vẹn.")


class Command(BaseCommand):
    help = "Nhật ký thay đổi: `verify` kiểm tra chuỗi mã băm (bản ghi bị sửa hay bị xóa)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, title="lệnh")
        verify = sub.add_parser("verify", help="Kiểm tra chuỗi mã băm của nhật ký thay đổi.")
        verify.add_argument("--chunk", type=int, default=5000, help="Số bản ghi đọc mỗi lần (mặc định 5000)")

    def handle(self, *args, subcommand, chunk=5000, **options):
        if chunk < 1:
            raise CommandError("--chunk phải là số dương.")
        started = time.perf_counter()
        result = audit.verify(chunk=chunk)
        seconds = time.perf_counter() - started
        if not result.ok:
            raise CommandError(describe(result))
        self.stdout.write(self.style.SUCCESS(describe(result)))
        if options.get("verbosity", 1) >= 1:
            took = f"{seconds:.1f}".replace(".", ",")  # decimal comma
            self.stdout.write(f"Mã băm cuối: {result.head} ({took} s)")
