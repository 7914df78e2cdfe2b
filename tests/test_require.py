"""tests/conftest.require: a missing prerequisite skips locally and fails under CI=true.

Also where the seed texts are looked for (shared/seeds beside the checkout, or the main checkout
of a git worktree).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import require, seeds_dir


@pytest.mark.parametrize("ci", ["true", "TRUE", "1", "yes"])
def test_missing_prerequisite_fails_on_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"^Chromium ontbreekt \(CI=true: "):
        require(False, "Chromium ontbreekt")


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_missing_prerequisite_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, ci: str | None) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="^Chromium ontbreekt$"):
        require(False, "Chromium ontbreekt")


@pytest.mark.parametrize("ci", ["true", "false"])
def test_present_prerequisite_goes_on(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    assert require(True, "Chromium ontbreekt") is None


def test_seeds_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIJKMONITOR_SEEDS", str(tmp_path))
    assert seeds_dir() == tmp_path


def test_seeds_dir_of_a_worktree_is_beside_its_main_checkout(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    # <tmp>/main/.git (the main checkout), <tmp>/wt/x (a worktree of it), <tmp>/shared/seeds
    main, worktree = tmp_path / "main", tmp_path / "wt" / "x"
    gitdir = main / ".git" / "worktrees" / "x"
    gitdir.mkdir(parents=True)
    (gitdir / "commondir").write_text("../..\n")
    worktree.mkdir(parents=True)
    (worktree / ".git").write_text(f"gitdir: {gitdir}\n")
    (tmp_path / "shared" / "seeds").mkdir(parents=True)
    monkeypatch.delenv("WIJKMONITOR_SEEDS", raising=False)
    monkeypatch.setattr(conftest, "REPO_ROOT", worktree)
    assert seeds_dir() == tmp_path / "shared" / "seeds"
    monkeypatch.setattr(conftest, "REPO_ROOT", main)  # a plain checkout: beside itself
    assert seeds_dir() == tmp_path / "shared" / "seeds"
