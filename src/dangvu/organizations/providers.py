"""What the organisations app lends to core below it (dangvu.core.providers): the user's reach, for the menu
and the home page. Imported by OrganizationsConfig.ready()."""

from dangvu.core import providers

from .access import reach
from .models import Role


def role_labels() -> dict[str, str]:
    return dict(Role.choices)


providers.register("organizations.reach", reach)
providers.register("organizations.role_labels", role_labels)
