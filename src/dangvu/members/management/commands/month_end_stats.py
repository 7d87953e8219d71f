"""`dangvu month_end_stats [--month yyyy-mm]`: keep the members' figures at the end of the month just ended
(members.month_end), from cron on the 1st of each month."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from dangvu.members import month_end


class Command(BaseCommand):
    help = "Chốt số liệu đảng viên cuối tháng (theo trạng thái, giới tính, trình độ lý luận, độ tuổi) của mọi tổ chức."

    def add_arguments(self, parser):
        parser.add_argument("--month", default=None, help="Tháng cần chốt, dạng yyyy-mm (mặc định: tháng vừa qua)")

    def handle(self, *args, month=None, **options):
        try:
            first = dt.datetime.strptime(month, "%Y-%m").date() if month else None
        except ValueError:
            raise CommandError("--month phải có dạng yyyy-mm, ví dụ 2026-11.")
        try:
            n = month_end.take(first)
        except ValueError as e:
            raise CommandError(str(e))
        self.stdout.write(self.style.SUCCESS(f"Đã chốt số liệu cuối tháng của {n} tổ chức đảng."))
