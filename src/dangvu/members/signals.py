"""Signals other apps listen to when a member's record changes under them.

``member_renamed`` is sent inside the change's transaction, after the members' names and sort keys have been
written, with ``member_ids``. An app that keeps a copy of a member's name or sort key (to list its rows in name
order without a join) rewrites it there with one UPDATE: meetings (the absence flags), studies (a session's
attendance and submissions).
"""

from django.dispatch import Signal

member_renamed = Signal()
