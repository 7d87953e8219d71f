"""The worker's housekeeping: run when it starts and then every UPKEEP_HOURS, each piece on its own."""

import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from dangvu.core import upkeep
from dangvu.core.plugins import Manifest, registry

from .test_registry import app, problems


def test_the_installed_pieces_are_core_s_jobs_then_the_apps_in_their_order():
    assert [name for name, _ in upkeep.pieces()] == ["jobs", "members", "quality", "imports"]


def test_a_failing_piece_is_reported_and_the_others_still_run(db, monkeypatch):
    ran = []

    def broken():
        raise RuntimeError("hỏng")

    def fine():
        ran.append("fine")
        return ["Đã dọn một thứ."]

    monkeypatch.setattr(registry(), "upkeep", [("thu", broken), ("khac", fine)])
    lines = upkeep.run_all()
    assert lines == ["Việc dọn dẹp “thu” bị lỗi; xem nhật ký của trình chạy nền.", "Đã dọn một thứ."]
    assert ran == ["fine"]


def test_rounds_repeat_until_stopped_and_say_what_they_did(monkeypatch):
    pauses, said = [], []
    monkeypatch.setattr(upkeep, "run_all", lambda: ["Đã dọn."] if len(pauses) != 2 else [])

    def pause(seconds):  # no timed wait (a test under libfaketime would wait for ever): three rounds, then stop
        pauses.append(seconds)
        return len(pauses) > 3

    every = upkeep.Every(3600, upkeep.round_saying(said.append), pause=pause)
    every.start()
    every.join()
    assert pauses == [3600] * 4 and every.rounds == 3
    assert said == [["Đã dọn."], ["Đã dọn."]]  # the round that did nothing says nothing


def test_the_worker_runs_it_at_start_and_keeps_a_round_going_while_it_works(db, monkeypatch, settings):
    settings.UPKEEP_HOURS = 6
    started = {}
    monkeypatch.setattr(upkeep, "run_all", lambda: ["Đã dọn khi khởi động."])

    def run_db(self, *args):
        started["threads"] = [t for t in threading.enumerate() if t.name == "dangvu-upkeep"]

    monkeypatch.setattr("dangvu.core.management.commands.worker.Command.run_db", run_db)
    out = StringIO()
    call_command("worker", stdout=out)
    assert "Đã dọn khi khởi động." in out.getvalue()
    (every,) = started["threads"]
    assert every.seconds == 6 * 3600 and not every.is_alive()  # stopped with the worker


@pytest.mark.parametrize("hours, batch, threads", [(0, False, ["dangvu-beat"]), (24, True, [])])
def test_no_round_without_hours_or_in_batch_mode(db, monkeypatch, settings, hours, batch, threads):
    settings.UPKEEP_HOURS = hours
    monkeypatch.setattr(upkeep, "run_all", lambda: [])
    started = []
    monkeypatch.setattr(upkeep.Every, "start", lambda self: started.append(self.name))
    monkeypatch.setattr(upkeep.Every, "stop", lambda self: None)
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=batch, verbosity=0, max_tasks=0 if not batch else None)
    assert started == threads  # the heartbeat only, or nothing in batch mode


def test_an_upkeep_hook_that_is_not_a_function_stops_the_start_up():
    msg = problems(app(Manifest(pages=("thu/", "urls"), api={"/meetings": "api:router"}, menu="nav:items",
                                cards="nav:cards", demo="demo:load", upkeep="nav:READ_ROLES")))
    assert "thu: manifest.upkeep names nav:READ_ROLES, which is not callable" in msg
