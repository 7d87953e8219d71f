"""The background phases of an import (``dangvu worker`` runs them; ``jobs.enqueue`` queues them after commit)."""

from dangvu.core import jobs

from . import engine


@jobs.task
def check_import(batch_id: int) -> None:
    engine.reap_stale()
    engine.check(batch_id)


@jobs.task
def apply_import(batch_id: int) -> None:
    engine.reap_stale()
    engine.apply(batch_id)
