"""The data-quality housekeeping, run by ``dangvu worker`` (``dangvu.core.upkeep``): the counts computed again
(a background job) once they are older than ``stale_after_hours`` of the rule data (24), without a cron job or
anyone pressing «Tính lại»."""

from . import services


def run() -> list[str]:
    if services.refresh_when_stale() is None:
        return []
    return ["Đã yêu cầu tính lại số liệu chất lượng dữ liệu (số liệu trước đã cũ)."]
