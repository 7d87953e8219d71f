"""Organisation pages (thin: parse, call a service, render)."""

from .committee import *  # noqa: F403
from .tree import *  # noqa: F403
from .units import *  # noqa: F403
