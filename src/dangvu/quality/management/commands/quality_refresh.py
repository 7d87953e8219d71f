"""`dangvu quality_refresh`: compute the data-quality snapshot now, in this process (cron, benchmarks)."""

import time

from django.core.management.base import BaseCommand

from dangvu.quality import refresh
from dangvu.quality.models import Snapshot, SnapshotState


class Command(BaseCommand):
    help = "Tính lại số liệu chất lượng dữ liệu (toàn bộ cơ sở dữ liệu) ngay trong tiến trình này."

    def handle(self, *args, **options):
        start = time.perf_counter()
        snapshot = Snapshot.objects.create(state=SnapshotState.RUNNING)
        n = refresh.build(snapshot)
        self.stdout.write(f"Đã tính xong: {n} hồ sơ cần xem lại ({time.perf_counter() - start:.1f} giây).")
