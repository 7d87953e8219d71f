"""Background work, one way: long work runs outside the request through django-tasks (the backport of
Django 6's tasks API), on the backend named in settings ``TASKS`` (the database by default, Redis/RQ for
large installations), executed by ``dangvu worker``.

    from dangvu.core import jobs

    @jobs.task
    def check_import(batch_id: int): ...

    jobs.enqueue(check_import, batch.pk)   # runs after the current transaction commits

Arguments must be JSON values (ids, not objects): the worker may be another process or machine.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task as _task

__all__ = ["task", "enqueue"]


def task(function=None, **options):
    """``django_tasks.task`` with the house's defaults; usable as ``@task`` or ``@task(priority=…)``."""
    if function is None:
        return lambda f: _task(f, **options)
    return _task(function, **options)


def enqueue(t, *args, **kwargs):
    """Enqueue ``t(*args, **kwargs)`` once the current transaction has committed (at once outside one), so that
    the worker never reads a row that is not written yet."""
    transaction.on_commit(lambda: t.enqueue(*args, **kwargs))
