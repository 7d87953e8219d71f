"""Recount the monthly meeting figures (MeetingMonth) from the records: after a bulk load or an import."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tính lại số liệu sinh hoạt chi bộ theo tháng (MeetingMonth) từ các cuộc sinh hoạt, điểm danh, dự sinh hoạt."

    def handle(self, *args, **options):
        from dangvu.meetings import rollup

        n = rollup.rebuild()
        self.stdout.write(f"Đã tính lại {n:,} dòng số liệu sinh hoạt chi bộ theo tháng.".replace(",", "."))
