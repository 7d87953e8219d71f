"""A real client over the whole API: Schemathesis generates requests from /api/v1/openapi.json (every
operation, bounded examples, reproducible) and sends them, in process, as the administrator of the
demo; no answer may be a server error.
Every generated input is sent as it comes, NUL characters and integers beyond 64 bits included (the base
schema, ``dangvu.core.schemas``, answers them 422).
"""

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from dangvu.api.api import api
from dangvu.core.models import ApiToken
from tests.route_matrix_world import NOW, World

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()
BOUNDED = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def admin_headers(django_db_setup, django_db_blocker):
    """The demo world once for the module (rolled back at its end); each operation runs in a savepoint."""
    signals.request_started.disconnect(close_old_connections)  # as django.test.Client does
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        with transaction.atomic():
            world = World()
            yield {"Authorization": f"Bearer {ApiToken.issue(world.users['A']['admin'])}"}
            transaction.set_rollback(True)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@BOUNDED
def test_no_server_error(case, admin_headers):
    with transaction.atomic():
        response = case.call(headers=admin_headers)
        transaction.set_rollback(True)
    CALLS[response.status_code] = CALLS.get(response.status_code, 0) + 1
    case.validate_response(response, checks=[not_a_server_error])


CLOCK = NOW  # the world is built once at NOW; every test runs then too (tests/conftest.py `_clock`)
CALLS: dict[int, int] = {}  # status -> requests sent (printed by ``-s`` at the end of the module)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nschemathesis: {sum(CALLS.values())} requests, statuses {dict(sorted(CALLS.items()))}")
