"""The apps stack one way (docs/conventions.md, "Layers"): the contract in pyproject.toml holds,
and it is a real check: an upward import makes it fail."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    # The tree to read comes first on the path, before the installed (editable) package.
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def tree_copy(tmp_path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    ignore = shutil.ignore_patterns("__pycache__", "static", "locale", "templates", "*.mo", "*.po")
    shutil.copytree(ROOT / "hiroba", tmp_path / "hiroba", ignore=ignore)
    return tmp_path


def test_the_contract_holds():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_posts_importing_a_kind_breaks_the_contract(tree_copy):
    selectors = tree_copy / "hiroba" / "posts" / "selectors.py"
    selectors.write_text(selectors.read_text() + "\nfrom hiroba.ideas import models  # noqa\n")

    result = lint_imports(tree_copy)

    assert result.returncode != 0
    assert "hiroba.posts is not allowed to import hiroba.ideas" in result.stdout
    assert "hiroba.posts.selectors -> hiroba.ideas.models" in result.stdout
