"""House rules that a reviewer would otherwise check by hand: ruff clean, a docstring per module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ["nlp", "storage", "crawlers", "reports", "benchmarks"]
MODULES = sorted(p for room in ROOMS for p in (ROOT / room).rglob("*.py")) + [ROOT / "pipeline.py"]


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff_is_clean(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_its_role(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and len(doc.split()) >= 3, f"{path.relative_to(ROOT)} needs a module docstring saying its role"
