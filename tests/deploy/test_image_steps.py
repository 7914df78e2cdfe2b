"""The Dockerfile and its mirror deploy/build_image_steps.py, which runs its steps without Docker.

The Dockerfile is checked for what the deployment promises (slim base, install with the lock,
warehouse built at build time, non-root user, health check, gunicorn); the mirror is run for real:
a fresh venv, the locked install, the warehouse from data/, gunicorn answering /healthz (~1 min).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.app.conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "deploy" / "build_image_steps.py"


def _mirror() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_image_steps", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_dockerfile_keeps_the_deployment_promises() -> None:
    mirror = _mirror()
    ins = mirror.parse(REPO_ROOT / "Dockerfile")
    by = {}
    for i in ins:
        by.setdefault(i.keyword, []).append(i)
    assert by["FROM"][-1].args.startswith("python:3.11-slim")  # the image; stage 0 is node
    # plotly.js's basic bundle: npm ci from the lock in a node stage, only its package copied.
    assert by["FROM"][0].args.startswith("node:") and by["FROM"][0].args.endswith(" AS plotly")
    assert any(r.startswith("npm ci --ignore-scripts") for r in (i.args for i in by["RUN"]))
    assert any(i.args.startswith("--from=plotly ") and
               i.args.endswith("./node_modules/plotly.js-basic-dist-min") for i in by["COPY"])
    runs = [i.args for i in by["RUN"]]
    assert any("pyproject.toml" in r and "pip install -c constraints.txt" in r for r in runs)
    assert any("python -m etl build --extracts data" in r and "chmod 0444" in r for r in runs)
    copied = " ".join(i.args for i in by["COPY"])
    assert "constraints.txt" in copied and "data ./data" in copied
    assert by["USER"][-1].args not in ("root", "0")
    skipped = [i for i in ins if i.skip]
    assert [i.keyword for i in skipped] == ["RUN"] and "useradd" in skipped[0].args
    health = mirror.exec_form(by["HEALTHCHECK"][0].args.partition("CMD ")[2])
    assert "/healthz" in health[-1]
    assert mirror.exec_form(by["CMD"][0].args) == [
        "gunicorn", "--config", "deploy/gunicorn.conf.py", "app.wsgi:server"]
    env = dict(p for i in by["ENV"] for p in mirror.env_pairs(i.args))
    assert env["WIJKMONITOR_WAREHOUSE"] == "$APP_HOME/warehouse.duckdb"
    dockerignore = (REPO_ROOT / ".dockerignore").read_text()
    assert ".venv" in dockerignore and "/warehouse.duckdb" in dockerignore


def test_mirror_builds_stages_apart_and_copies_from_them(tmp_path: Path) -> None:
    mirror = _mirror()
    context = tmp_path / "context"
    context.mkdir()
    (context / "a.txt").write_text("a")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM python:3.11-slim AS eerste\nWORKDIR /bouw\nCOPY a.txt ./\n'
                          'RUN echo b > b.txt\nFROM python:3.11-slim\nWORKDIR /app\n'
                          'COPY --from=eerste /bouw ./uit\nCOPY --from=0 /bouw/b.txt ./b2.txt\n')
    root = tmp_path / "scratch" / "root"
    image = mirror.build(mirror.parse(dockerfile), context, root, sys.executable)
    assert image.root == root and image.workdir == root / "app"
    assert (root / "app" / "uit" / "a.txt").read_text() == "a"
    assert (root / "app" / "uit" / "b.txt").read_text().strip() == "b"
    assert (root / "app" / "b2.txt").exists()
    assert (tmp_path / "scratch" / "stages" / "eerste" / "bouw" / "a.txt").exists()
    assert not (root / "bouw").exists()  # the first stage's files stay out of the image
    dockerfile.write_text("FROM python:3.11-slim\nCOPY --from=geen /x ./\n")
    with pytest.raises(SystemExit, match="no earlier stage 'geen'"):
        mirror.build(mirror.parse(dockerfile), context, tmp_path / "s2" / "root", sys.executable)
    dockerfile.write_text("FROM alpine:3\n")
    with pytest.raises(SystemExit, match="no stand-in"):
        mirror.build(mirror.parse(dockerfile), context, tmp_path / "s3" / "root", sys.executable)


def test_mirror_parser_joins_continuations_and_rehomes_absolute_paths(tmp_path: Path) -> None:
    mirror = _mirror()
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM x\n# image-steps: skip\nRUN echo a \\\n && echo b\n'
                          'ENV A=/opt/a B="x y"\nCMD ["a", "b"]\n')
    ins = mirror.parse(dockerfile)
    assert [(i.keyword, i.skip) for i in ins] == [("FROM", False), ("RUN", True), ("ENV", False),
                                                 ("CMD", False)]
    assert ins[1].args == "echo a && echo b"
    assert mirror.env_pairs(ins[2].args) == [("A", "/opt/a"), ("B", "x y")]
    root = tmp_path / "root"
    assert mirror.rehome("/opt/a:$PATH", root) == f"{root}/opt/a:$PATH"
    assert mirror.expand("$A/bin:${B}", {"A": "/r", "B": "z"}) == "/r/bin:z"


def test_the_image_steps_build_and_serve(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--workdir", str(tmp_path / "image")],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    health = json.loads(next(line for line in done.stdout.splitlines() if line.startswith('{"')))
    assert health["status"] == "ok" and health["warehouse"]["rijen"] > 0
    root = tmp_path / "image" / "root" / "srv" / "wijkmonitor"
    warehouse = root / "warehouse.duckdb"
    assert warehouse.exists() and oct(warehouse.stat().st_mode & 0o777) == "0o444"
    assert (tmp_path / "image" / "root" / "opt" / "venv" / "bin" / "gunicorn").exists()
    assert "RUN skipped (# image-steps: skip)" in output and "Booting worker" in output
    # plotly.js's basic bundle came from the node stage: no fallback warning from app.embed.
    bundle = root / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
    assert bundle.read_bytes().startswith(b"/**\n* plotly.js (basic - minified) v")
    assert "plotly.js:" not in output and "serving the full bundle" not in output
