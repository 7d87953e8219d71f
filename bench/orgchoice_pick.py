"""Time the organisation pickers of the move and assignment forms (the page's form, one search) on the kept
page-bench databases <prefix>_psmall and <prefix>_plarge (built by pages_scale.py --keep), small and large side
by side.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/orgchoice PYTHONPATH=src \
      .venv/bin/python bench/orgchoice_pick.py --reps 9

Per size: the move form of a grassroots committee and the assignment form of the bench's committee member, as the
office user (its grant: the first province) and the administrator: building the form and rendering its picker
(what the page does), and one search of each picker ("dang" / "chi bo"; and one matching nothing). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_prefix, db_url, median_ms, run_worker, serve_worker  # noqa: E402


def work(args) -> dict:
    from django.contrib.auth import get_user_model

    from dangvu.organizations import forms, pickers
    from dangvu.organizations.models import CommitteeMember, Kind, Organization

    out = {}
    cm = CommitteeMember.objects.select_related("term__organization").order_by("pk").first()
    for username in ("admin", "office"):
        user = get_user_model().objects.get(username=username)
        org = (forms._changeable(user).filter(kind=Kind.GRASSROOTS_COMMITTEE).order_by("path").first()
               or Organization.objects.filter(kind=Kind.GRASSROOTS_COMMITTEE).first())

        def move_page(user=user, org=org):
            form = forms.MoveForm(user=user, org=org)
            return str(form["parent"])

        def assignment_page():
            return str(forms.AssignmentForm(organization=cm.term.organization)["target"])

        move_kinds = ",".join(forms.MoveForm(user=user, org=org).fields["parent"].widget.kinds)

        def move_search(user=user, move_kinds=move_kinds):
            return pickers.search(user, "organization", forms.MOVE, "dang", kinds=move_kinds)

        def move_search_none(user=user, move_kinds=move_kinds):  # nothing matches: every organisation in scope is read (the worst case)
            return pickers.search(user, "organization", forms.MOVE, "khong co ten nay", kinds=move_kinds)

        def assignment_search(user=user):
            return pickers.search(user, "organization", forms.ASSIGNMENT, "chi bo", under=cm.term.organization_id)

        for name, fn in (("move page", move_page), ("move search", move_search),
                         ("move search, no match", move_search_none),
                         ("assignment page", assignment_page), ("assignment search", assignment_search)):
            out[f"{name} [{username}]"] = round(median_ms(fn, args.reps, warmup=2), 1)
    out["_members"] = __import__("dangvu.members.models", fromlist=["Member"]).Member.objects.count()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        serve_worker(work, args)
        return
    base, prefix = database_prefix()
    small = run_worker(__file__, db_url(base, f"{prefix}_psmall"), "--worker", "small", "--reps", str(args.reps))
    large = run_worker(__file__, db_url(base, f"{prefix}_plarge"), "--worker", "large", "--reps", str(args.reps))
    print(f"members: small {small.pop('_members'):,}, large {large.pop('_members'):,}")
    print(f"{'what':32} {'small ms':>9} {'large ms':>9} {'ratio':>6}")
    for key in small:
        ratio = large[key] / small[key] if small[key] else 0
        print(f"{key:32} {small[key]:9.1f} {large[key]:9.1f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
