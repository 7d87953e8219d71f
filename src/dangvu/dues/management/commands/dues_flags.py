"""Check or recount the kept three-month flags of dues (DuesFlag) from the lines: after a bulk load or a repair."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Kiểm tra (--check) hoặc tính lại danh sách đảng viên không nộp đảng phí trong năm từ số tháng của quy "
            "định (DuesFlag) từ sổ thu đảng phí.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Chỉ so sánh với số tính lại từ sổ thu; khác nhau thì báo lỗi, không ghi gì.")

    def handle(self, *args, check=False, **options):
        from dangvu.dues.services import flags

        if check:
            kept, counted = flags.stored(), flags.recount()
            wrong = {k for k in set(kept) | set(counted) if kept.get(k) != counted.get(k)}
            if wrong:
                raise CommandError(f"{len(wrong):,} đảng viên – năm có số liệu khác với sổ thu; chạy lại không có "
                                   "--check để tính lại.".replace(",", "."))
            self.stdout.write(f"Khớp: {len(kept):,} đảng viên – năm.".replace(",", "."))
            return
        n = flags.rebuild()
        self.stdout.write(f"Đã tính lại {n:,} đảng viên – năm không nộp đảng phí từ số tháng của quy định."
                          .replace(",", "."))
