"""`dangvu synth --members N`: a synthetic national-shaped registry beside the existing data."""

from django.core.management.base import BaseCommand, CommandError

from dangvu.core import maintenance
from dangvu.members import synth


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu (tên giả lập): cây tổ chức đảng toàn quốc và đảng viên."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="Số đảng viên cần sinh")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--provinces", type=int, default=None, help="Số đảng bộ trực thuộc Trung ương")
        parser.add_argument("--no-stats", action="store_true", help="Không tính lại số liệu tổng hợp")

    def handle(self, *args, members, seed, provinces, no_stats, **options):
        if members < 1:
            raise CommandError("--members phải là số dương.")
        if provinces is not None and not 1 <= provinces <= members:
            raise CommandError("--provinces phải nằm trong khoảng 1 .. số đảng viên.")
        verbosity = options.get("verbosity", 1)
        log = (lambda msg: self.stdout.write(msg)) if verbosity >= 1 else None
        result = synth.generate(members, seed=seed, provinces=provinces, rebuild_stats=not no_stats, log=log)
        statement = maintenance.analyse()  # the planner needs statistics before the first search
        if log and statement:
            log(f"Đã chạy {statement} trên cơ sở dữ liệu.")
        rate = result.members / result.seconds_load if result.seconds_load else 0
        self.stdout.write(self.style.SUCCESS(
            f"Đã sinh {result.organizations:,} tổ chức đảng và {result.members:,} đảng viên "
            f"({result.distinct_names:,} họ tên khác nhau) trong {result.seconds_load:.1f} s "
            f"({rate:,.0f} đảng viên/s); tổng hợp số liệu {result.seconds_stats:.1f} s. "
            f"Gốc: {', '.join(map(str, result.roots[:10]))}{' …' if len(result.roots) > 10 else ''}"
        ))
