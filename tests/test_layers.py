"""The one-way layers (pyproject ``[tool.importlinter]``) hold, and breaking them fails lint-imports (so `make lint`
and `make test`): a copy of the package with a forbidden import added is refused."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed (pip install '.[test]')")


def _lint(tmp_path, src: Path):
    """lint-imports with the project's contracts on the package under src; (exit code, output)."""
    config = tmp_path / "importlinter.toml"
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    lines = [f'[tool.importlinter]\nroot_package = "{contracts["root_package"]}"\n']
    for c in contracts["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        for key, value in c.items():
            lines.append(f"{key} = {value!r}".replace("'", '"'))
        lines.append("")
    config.write_text("\n".join(lines), encoding="utf-8")
    run = subprocess.run([str(LINT_IMPORTS), "--no-logo", "--no-cache", str(config)], cwd=tmp_path,
                         env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                         timeout=300)
    return run.returncode, run.stdout + run.stderr


@pytest.fixture
def package_copy(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "dangvu", src / "dangvu",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "rulesets", "locale"))
    return src


def test_the_layers_hold(tmp_path, package_copy):
    rc, out = _lint(tmp_path, package_copy)
    assert rc == 0, out
    assert "Contracts: 2 kept, 0 broken." in out


def test_core_importing_the_tree_breaks_the_layers(tmp_path, package_copy):
    (package_copy / "dangvu" / "core" / "forbidden.py").write_text("from dangvu.organizations.access import reach\n")
    rc, out = _lint(tmp_path, package_copy)
    assert rc != 0
    assert "dangvu.core is not allowed to import dangvu.organizations" in out
    assert "dangvu.core.forbidden -> dangvu.organizations.access" in out


def test_organizations_importing_members_breaks_the_layers(tmp_path, package_copy):
    (package_copy / "dangvu" / "organizations" / "forbidden.py").write_text("from dangvu.members import models\n")
    rc, out = _lint(tmp_path, package_copy)
    assert rc != 0
    assert "dangvu.organizations is not allowed to import dangvu.members" in out


def test_a_feature_app_importing_a_sibling_breaks_independence(tmp_path, package_copy):
    (package_copy / "dangvu" / "studies" / "forbidden.py").write_text("from dangvu.meetings import queries\n")
    rc, out = _lint(tmp_path, package_copy)
    assert rc != 0
    assert "Feature apps are independent of one another BROKEN" in out
    assert "dangvu.studies.forbidden -> dangvu.meetings.queries" in out


FEATURE_APPS = ("reviews", "inspections", "discipline", "meetings", "studies", "documents")


def test_no_layer_is_crossed_by_a_string_look_up():
    """import-linter sees imports only: a sibling or a higher app reached by name (apps.get_model,
    import_module, a reverse relation's related_model) is a dependency too, so none may remain."""
    import re

    below = {"core": ("organizations", "members", *FEATURE_APPS), "organizations": ("members", *FEATURE_APPS)}
    below |= {app: tuple(a for a in FEATURE_APPS if a != app) for app in FEATURE_APPS}
    found = []
    for app, forbidden in below.items():
        names = "|".join(forbidden)
        pattern = re.compile(rf"""get_model\(\s*["']({names})\b|import_module\(\s*f?["']dangvu\.({names})\b"""
                             rf"""|get_field\(\s*["']({names})["']\)\.related_model""")
        for path in (ROOT / "src" / "dangvu" / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []


def test_an_empty_or_unknown_provider_slot_fails_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from dangvu.core import providers

    assert providers.get("meetings.period_summary").__module__ == "dangvu.meetings.queries"
    monkeypatch.setattr(providers, "_registry", {})
    with pytest.raises(ImproperlyConfigured, match="dangvu.meetings.providers"):
        providers.get("meetings.period_summary")
    assert providers.optional("meetings.period_summary") is None
    with pytest.raises(ImproperlyConfigured, match="unknown slot"):
        providers.get("meetings.no_such_thing")
    with pytest.raises(ImproperlyConfigured, match="unknown slot"):
        providers.register("meetings.no_such_thing", len)
