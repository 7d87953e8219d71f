"""The period report ("Báo cáo kết quả công tác xây dựng Đảng"): figures drafted from the records for an
organisation's sub-tree and a period, each with the same period a year earlier, the value of each direct
sub-organisation and the list of records behind it. See docs/reports.md."""

from .build import SECTIONS, build, can_report, children_of
from .presets import presets
from .types import Figure, PeriodReport, Section, Table

__all__ = ["SECTIONS", "Figure", "PeriodReport", "Section", "Table", "build", "can_report", "children_of", "presets"]
