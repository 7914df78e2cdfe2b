"""Run the Dockerfile's steps without Docker, in a scratch directory, and check the result serves.

`python deploy/build_image_steps.py [--workdir DIR] [--port N] [--serve]` reads ./Dockerfile and
does what `docker build` + `docker run` would, on this machine (tests/deploy runs it):

  FROM         the current Python stands in for a python base image (`python` on PATH), the
               machine's node and npm for a node one; `FROM ... AS name` starts a build stage
               in DIR/stages/name, the last stage is the image in DIR/root
  ENV          sets the environment of later steps; absolute paths move under the stage's root
  WORKDIR      <stage root>/<path>
  COPY         copies from the repository (the build context) into the WORKDIR;
               `--from=name` copies from that earlier stage's root instead
  RUN          /bin/sh -c in the WORKDIR; an instruction after a comment line
               `# image-steps: skip` is skipped (creating the service user)
  USER         reported only: without Docker every step runs as the current user
  EXPOSE       ignored: the server listens on 127.0.0.1:--port
  HEALTHCHECK  its command is run until it succeeds (or the start period is over)
  CMD          started in the last WORKDIR with the last ENV, HOST=127.0.0.1 and PORT=--port

Then it prints /healthz and stops the server (unless --serve). Exit code 0: the image would serve.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP_MARK = "# image-steps: skip"
_VAR = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


@dataclass
class Instruction:
    """One Dockerfile instruction: keyword, its text (continuations joined), skip mark."""

    keyword: str
    args: str
    line: int
    skip: bool = False


@dataclass
class Image:
    """What the steps leave behind: environment, working directory, health check, command."""

    root: Path
    env: dict[str, str]
    workdir: Path
    healthcheck: list[str] | None = None
    health_start_period: float = 30.0
    cmd: list[str] = field(default_factory=list)
    user: str | None = None


def parse(dockerfile: Path) -> list[Instruction]:
    """The instructions of a Dockerfile (comments dropped, `\\` continuations joined)."""
    out: list[Instruction] = []
    skip_next = False
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(dockerfile.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if not buffer:
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("#"):
                skip_next = skip_next or stripped.startswith(SKIP_MARK)
                continue
            start = number
        if line.endswith("\\"):
            buffer.append(line[:-1])
            continue
        buffer.append(line)
        text = " ".join(part.strip() for part in buffer)
        buffer = []
        keyword, _, args = text.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start, skip_next))
        skip_next = False
    return out


def expand(value: str, env: dict[str, str]) -> str:
    """$VAR and ${VAR} from `env` (unknown variables become empty, as in Docker)."""
    return _VAR.sub(lambda m: env.get(m.group(1) or m.group(2), ""), value)


def rehome(value: str, root: Path) -> str:
    """Absolute paths written in the Dockerfile move under `root` (PATH-like lists too)."""
    parts = value.split(":")
    return ":".join(str(root) + p if p.startswith("/") else p for p in parts)


def env_pairs(args: str) -> list[tuple[str, str]]:
    """`ENV A=1 B="x y"` -> [('A', '1'), ('B', 'x y')] (also the old `ENV A value` form)."""
    tokens = shlex.split(args)
    if tokens and "=" not in tokens[0]:
        return [(tokens[0], " ".join(tokens[1:]))]
    return [tuple(t.split("=", 1)) for t in tokens]  # type: ignore[misc]


def exec_form(args: str) -> list[str]:
    """`["a", "b"]` -> ['a', 'b']; the shell form becomes /bin/sh -c."""
    args = args.strip()
    if args.startswith("["):
        return list(json.loads(args))
    return ["/bin/sh", "-c", args]


def _duration(text: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    if not m:
        raise ValueError(f"duur '{text}' niet begrepen")
    factor = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2)]
    return float(m.group(1)) * factor


def _log(message: str) -> None:
    print(f"[image-steps] {message}", flush=True)


def stand_in(base: str, python: str) -> str:
    """What stands in for a base image on this machine: `python`, or node and npm on PATH."""
    name = base.split("@")[0].split(":")[0].rsplit("/", 1)[-1]
    if name == "python":
        return python
    if name == "node":
        tools = [shutil.which("node"), shutil.which("npm")]
        if not all(tools):
            raise SystemExit(f"FROM {base}: node and npm must be on PATH to stand in for it")
        return " and ".join(str(t) for t in tools)
    raise SystemExit(f"FROM {base}: no stand-in for this base image; "
                     "add one to deploy/build_image_steps.py")


def _copy(ins: Instruction, image: Image, context: Path, stages: dict[str, Image]) -> None:
    tokens = shlex.split(ins.args)
    options = dict(t.removeprefix("--").partition("=")[::2] for t in tokens if t.startswith("--"))
    *sources, dest = [t for t in tokens if not t.startswith("--")]
    stage = options.get("from")
    if stage is not None and stage not in stages:
        raise SystemExit(f"Dockerfile line {ins.line}: no earlier stage '{stage}'")
    dest_path = Path(expand(rehome(dest, image.root), image.env))
    dest_path = dest_path if dest_path.is_absolute() else image.workdir / dest_path
    for source in sources:
        # As Docker: --from paths are in the stage's file system, others in the build context.
        src = stages[stage].root / source.lstrip("/") if stage is not None else context / source
        if src.is_dir():  # as Docker: the directory's contents, not the directory
            shutil.copytree(src, dest_path, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            target = dest_path / src.name if dest.endswith("/") else dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def build(instructions: list[Instruction], context: Path, root: Path, python: str) -> Image:
    """Run the build steps of every stage; the last stage is the image, built in `root`.

    The Python of a python base image is `python` (a shim first on PATH); earlier stages are
    built in root.parent/stages/<name or number>.
    """
    shim = root.parent / "base-image-bin"
    shim.mkdir(parents=True, exist_ok=True)
    for name in ("python", "python3"):
        target = shim / name
        if not target.exists():
            target.symlink_to(python)
    base_env = dict(os.environ)
    base_env["PATH"] = f"{shim}:{base_env.get('PATH', '')}"
    base_env.pop("VIRTUAL_ENV", None)
    froms = [n for n, ins in enumerate(instructions) if ins.keyword == "FROM"]
    stages: dict[str, Image] = {}
    image = Image(root=root, env=dict(base_env), workdir=root)
    root.mkdir(parents=True, exist_ok=True)
    for number, ins in enumerate(instructions):
        if ins.skip:
            _log(f"line {ins.line}: {ins.keyword} skipped ({SKIP_MARK})")
            continue
        _log(f"line {ins.line}: {ins.keyword} {ins.args[:100]}")
        if ins.keyword == "FROM":
            base, *alias = re.split(r"\s+as\s+", ins.args, maxsplit=1, flags=re.IGNORECASE)
            index = str(froms.index(number))
            name = alias[0].strip() if alias else index
            stage_root = root if number == froms[-1] else root.parent / "stages" / name
            stage_root.mkdir(parents=True, exist_ok=True)
            image = Image(root=stage_root, env=dict(base_env), workdir=stage_root)
            stages[name] = stages[index] = image
            _log(f"  base image {base} -> {stand_in(base.strip(), python)}")
        elif ins.keyword == "ENV":
            values = {k: expand(rehome(v, image.root), image.env) for k, v in env_pairs(ins.args)}
            image.env.update(values)
        elif ins.keyword == "WORKDIR":
            path = Path(expand(rehome(ins.args, image.root), image.env))
            image.workdir = path if path.is_absolute() else image.workdir / path
            image.workdir.mkdir(parents=True, exist_ok=True)
        elif ins.keyword == "COPY":
            _copy(ins, image, context, stages)
        elif ins.keyword == "RUN":
            subprocess.run(exec_form(ins.args), cwd=image.workdir, env=image.env, check=True)
        elif ins.keyword == "USER":
            image.user = ins.args
            _log(f"  USER {ins.args}: not switched (no container); runs as {os.getuid()}")
        elif ins.keyword == "EXPOSE":
            pass
        elif ins.keyword == "HEALTHCHECK":
            options, _, command = ins.args.partition("CMD ")
            for option in options.split():
                name, _, value = option.removeprefix("--").partition("=")
                if name == "start-period":
                    image.health_start_period = _duration(value)
            image.healthcheck = exec_form(command)
        elif ins.keyword == "CMD":
            image.cmd = exec_form(ins.args)
        else:
            raise SystemExit(f"Dockerfile line {ins.line}: {ins.keyword} is not mirrored; "
                             "add it to deploy/build_image_steps.py")
    return image


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(image: Image, port: int, serve: bool, extra_wait: float = 60.0) -> int:
    """Start the CMD, wait for the HEALTHCHECK, print /healthz; stop unless `serve`."""
    env = dict(image.env, HOST="127.0.0.1", PORT=str(port))
    _log(f"CMD {' '.join(image.cmd)} (in {image.workdir}, port {port})")
    proc = subprocess.Popen(image.cmd, cwd=image.workdir, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + image.health_start_period + extra_wait
        check = image.healthcheck or ["true"]
        while True:
            if proc.poll() is not None:
                _log(f"the server stopped with exit code {proc.returncode}")
                return 1
            if subprocess.run(check, cwd=image.workdir, env=env, capture_output=True).returncode == 0:
                break
            if time.monotonic() > deadline:
                _log("HEALTHCHECK did not succeed in time")
                return 1
            time.sleep(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:  # noqa: S310
            body = r.read().decode()
        _log("healthy: " + body)
        print(body, flush=True)
        if serve:
            _log(f"serving on http://127.0.0.1:{port}/ (Ctrl-C stops)")
            proc.wait()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dockerfile", type=Path, default=REPO / "Dockerfile")
    parser.add_argument("--context", type=Path, default=REPO, help="the build context")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="scratch directory (default: a new temporary one, removed after)")
    parser.add_argument("--python", default=getattr(sys, "_base_executable", sys.executable),
                        help="the Python that stands in for the base image")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (default: free)")
    parser.add_argument("--serve", action="store_true", help="keep serving until Ctrl-C")
    args = parser.parse_args(argv)
    scratch = args.workdir or Path(tempfile.mkdtemp(prefix="wijkmonitor-image-"))
    started = time.monotonic()
    try:
        image = build(parse(args.dockerfile), args.context.resolve(), scratch.resolve() / "root",
                      args.python)
        _log(f"built in {time.monotonic() - started:.0f} s")
        return run(image, args.port or free_port(), args.serve)
    except subprocess.CalledProcessError as exc:
        _log(f"a RUN step failed with exit code {exc.returncode}")
        return 1
    finally:
        if args.workdir is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
