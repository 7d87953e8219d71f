"""The imports' housekeeping, run by ``dangvu worker`` (``dangvu.core.upkeep``): the imports checked but never
written, or failed, dropped with their uploaded files after ``DANGVU_IMPORT_KEEP_DAYS`` days (0: kept)."""

from django.conf import settings

from . import services


def run() -> list[str]:
    days = settings.DANGVU_IMPORT_KEEP_DAYS
    if days < 1:  # the operator keeps them (``dangvu imports_purge --days N`` still drops them by hand)
        return []
    names = services.purge_unwritten(days)
    if not names:
        return []
    return [f"Đã xóa {len(names)} lượt nhập không được ghi sau {days} ngày, cùng tệp đã tải lên: {', '.join(names)}."]
