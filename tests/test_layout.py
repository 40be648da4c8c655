"""The layout rules of pyproject.toml's [tool.importlinter], checked on every test run.

The contracts: the core never imports an adapter (CLI, web, API); no import
cycle between the modules of one package; sibling stages never import each
other except the sub-steps listed there. The second test proves the check bites:
a copy of the package with one forbidden import breaks a contract.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, source: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(source), "PATH": str(LINT_IMPORTS.parent)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_layout_contracts_are_kept() -> None:
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_layout_a_stage_importing_a_sibling_or_an_adapter_is_caught(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "src" / "crossread", tmp_path / "src" / "crossread", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    cluster = tmp_path / "src" / "crossread" / "stages" / "cluster.py"
    cluster.write_text(
        "from crossread.stages import link\nfrom crossread.interfaces import api\n" + cluster.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = _lint(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "crossread.stages.cluster -> crossread.interfaces.api" in result.stdout
    assert "crossread.stages.cluster -> crossread.stages.link" in result.stdout


def test_layout_every_core_module_is_under_the_adapter_rule() -> None:
    """A new top-level module joins the "core never imports an adapter" contract, or this fails."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (rule,) = [c for c in config["contracts"] if c["type"] == "forbidden"]
    package = ROOT / "src" / "crossread"
    top = {f"crossread.{p.stem}" for p in package.glob("*.py")} | {
        f"crossread.{p.name}" for p in package.iterdir() if (p / "__init__.py").exists()
    }
    assert top - {"crossread.__init__", "crossread.__main__", "crossread.interfaces"} == set(rule["source_modules"])
