"""Signals other apps listen to when the tree changes under them.

``organization_moved`` is sent inside the move's transaction, after the organisations' paths have been
rewritten, with ``old_path`` and ``new_path`` (the moved node's path before and after). An app that keeps a
copy of an organisation path (for sub-tree filters without a join) rewrites it there with one UPDATE: the
members app (``members.providers``, connected first since it comes first in INSTALLED_APPS), then reviews.
"""

from django.dispatch import Signal

organization_moved = Signal()
