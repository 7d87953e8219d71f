"""The figures of the dashboard, each from a roll-up row or one bounded grouped query.

- members by status and per direct sub-organisation: the organisations' roll-up rows (OrganizationStats);
- the members' trend by month: the maintained movement counts per organisation and month (members.movements),
  walked back from today's roll-up;
- review levels by year: one CycleStats row per yearly cycle covering the organisation;
- share of chi bộ meeting each month: one query counting, per month, the chi bộ of the sub-tree that held a
  regular meeting (the chi bộ of the sub-tree from the roll-up);
- remedies and documents acknowledged on time: one grouped query each over the sub-tree's rows.

Per direct sub-organisation the same queries group by the child's id cut out of the tree path, never one query
per child. "No data" (None) is never 0: a month in which the sub-tree recorded no meeting at all is "chưa có số
liệu", not "không sinh hoạt".
"""

from .common import (  # noqa: F401
    MONTHS,
    YEARS,
    child_key,
    dashboard_url,
    local_start,
    month_bounds,
    month_index,
    month_label,
    months,
)
from .documents import documents  # noqa: F401
from .meetings import meeting_share  # noqa: F401
from .members import member_trend, members_by_status  # noqa: F401
from .remedies import remedies  # noqa: F401
from .reviews import review_levels  # noqa: F401
