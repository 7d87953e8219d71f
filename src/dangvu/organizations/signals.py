"""Signals other apps listen to when the tree changes under them.

``organization_moved`` is sent inside the move's transaction, after organisations' and members' paths
have been rewritten, with ``old_path`` and ``new_path`` (the moved node's path before and after). An app
that keeps a copy of an organisation path (for sub-tree filters without a join) rewrites it there, with
one UPDATE like the members' one in ``services.tree.move_organization``.
"""

from django.dispatch import Signal

organization_moved = Signal()
