"""The organisation chooser of the data-quality page."""

from dangvu.core.forms import BaseForm
from dangvu.organizations.access import organizations_for
from dangvu.organizations.pickers import OrganizationPicker

from .access import READ_ROLES  # noqa: F401  (the roles organizations_for("view") reaches)


def _scope(user):
    """The organisations the user may open the page for (the picker's search; the page checks the sub-tree)."""
    return organizations_for(user, "view")


class ScopeForm(BaseForm):
    organization_id = OrganizationPicker(label="Tổ chức đảng", purpose="quality.scope", scope=lambda user: _scope(user))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organization_id"].bind_user(user)
