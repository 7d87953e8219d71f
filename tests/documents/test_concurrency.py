"""Numbering under concurrency: parallel issuers on PostgreSQL get no duplicate and no gap."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from dangvu.documents import services
from dangvu.documents.models import Document, NumberSequence

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")

THREADS = 8
PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_issuers_get_gap_free_unique_numbers(w):
    barrier = threading.Barrier(THREADS)
    errors = []

    def work(i):
        try:
            barrier.wait()
            for n in range(PER_THREAD):
                if (i + n) % 4 == 0:  # some attempts fail validation: they must not consume a number
                    try:
                        services.issue_document(w.office, w.bloc, type_code="KH", summary="",
                                                issued_on=dt.date(2021, 1, 4))
                    except Exception:
                        pass
                services.issue_document(w.office, w.bloc, type_code="KH", summary=f"Kế hoạch {i}-{n}",
                                        issued_on=dt.date(2021, 1, 4))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Document.objects.filter(sequence_key="KH").values_list("sequence", flat=True))
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    numbers = list(Document.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert NumberSequence.objects.get(key="KH").last_number == THREADS * PER_THREAD
