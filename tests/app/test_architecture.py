"""The shape of app/: no import cycle, no import upward against the declared layers, no etl,
no module over 600 lines. The import graph is read with `ast`, nothing is imported.

The layers are written down in docs/architecture.md; a new module gets its line in LAGEN.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from fnmatch import fnmatch
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

# The layers of app/, top first: a module may import from its own layer and the layers below it,
# never from one above. Patterns are module names (fnmatch); 'app.x.*' covers a package's modules.
LAGEN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ingang", ("app", "app.__main__", "app.wsgi", "app.health")),
    ("paginas", ("app.pages", "app.pages.*", "app.site", "app.site.*", "app.embed", "app.embed.*")),
    ("web", ("app.security", "app.verzoekcontrole", "app.params", "app.errors", "app.startup")),
    ("kader", ("app.frame",)),
    ("weergaven", ("app.onderdelen", "app.onderdelen.*", "app.profiel", "app.profiel.*",
                   "app.monitortabel", "app.overzicht", "app.programma", "app.verkenner_opties",
                   "app.export", "app.verwant")),
    ("staat", ("app.viewstate",)),
    ("domein", ("app.catalogus", "app.gebieden", "app.rules", "app.components", "app.zoeken",
                "app.sparklijn", "app.urlstate")),
    ("cache", ("app.cache",)),
    ("queries", ("app.queries",)),
    ("verbinding", ("app.verbinding",)),
    ("basis", ("app.fmt", "app.vocab", "app.config")),
)
MAX_REGELS = 600


def module_naam(pad: Path, wortel: Path = APP) -> str:
    """app/profiel/keuze.py -> 'app.profiel.keuze'; app/site/__init__.py -> 'app.site'."""
    delen = list(pad.relative_to(wortel.parent).with_suffix("").parts)
    if delen[-1] == "__init__":
        delen.pop()
    return ".".join(delen)


def modules(wortel: Path = APP) -> dict[str, Path]:
    """Every Python module of the package at `wortel`, by name."""
    return {module_naam(p, wortel): p for p in sorted(wortel.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(boom: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement, also inside functions; not those only for type checkers."""
    for node in ast.iter_child_nodes(boom):
        if isinstance(node, ast.If) and _type_checking(node):
            yield from (n for s in node.orelse for n in _imports_van(s))
            continue
        yield from _imports_van(node)


def _imports_van(node: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    else:
        yield from _imports(node)


def geimporteerd(naam: str, bron: str, bekend: set[str]) -> set[str]:
    """The names (any package's) that the module `naam` imports; app's own resolved to modules.

    `from app import fmt` is app.fmt when that is a module, else the package app itself;
    importing app.profiel.keuze also runs app.profiel (a parent package, app itself excepted).
    """
    is_pakket = bron.endswith("__init__.py")
    uit: set[str] = set()
    for node in _imports(ast.parse(Path(bron).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            doelen = [a.name for a in node.names]
        else:
            basis = node.module or ""
            if node.level:
                pakket = naam.split(".") if is_pakket else naam.split(".")[:-1]
                pakket = pakket[:len(pakket) - node.level + 1]
                basis = ".".join([*pakket, basis] if basis else pakket)
            doelen = [f"{basis}.{a.name}" if f"{basis}.{a.name}" in bekend else basis
                      for a in node.names]
        for doel in doelen:
            uit.add(doel)
            delen = doel.split(".")
            uit |= {".".join(delen[:i]) for i in range(2, len(delen)) if delen[0] == "app"}
    return uit


def graaf(wortel: Path = APP) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    alle = modules(wortel)
    bekend = set(alle)
    return {naam: {d for d in geimporteerd(naam, str(pad), bekend) if d in bekend and d != naam}
            for naam, pad in alle.items()}


def cycli(g: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            comp = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                uit.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            bezoek(v)
    return sorted(uit)


def laag_van(naam: str, lagen: tuple[tuple[str, tuple[str, ...]], ...] = LAGEN) -> int | None:
    """The index of the module's layer (0 is the top), or None when no layer lists it."""
    for i, (_, patronen) in enumerate(lagen):
        if any(fnmatch(naam, p) for p in patronen):
            return i
    return None


def omhoog(g: Mapping[str, set[str]],
           lagen: tuple[tuple[str, tuple[str, ...]], ...] = LAGEN) -> list[str]:
    """'a -> b' for every import of a module from a layer above its own."""
    fout = []
    for a, doelen in sorted(g.items()):
        for b in sorted(doelen):
            la, lb = laag_van(a, lagen), laag_van(b, lagen)
            if la is not None and lb is not None and lb < la:
                fout.append(f"{a} ({lagen[la][0]}) -> {b} ({lagen[lb][0]})")
    return fout


# -- the app ------------------------------------------------------------------------------------


def test_app_has_no_import_cycle() -> None:
    assert cycli(graaf()) == []


def test_every_module_of_app_has_a_layer() -> None:
    assert [n for n in modules() if laag_van(n) is None] == []


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    assert omhoog(graaf()) == []


def test_app_never_imports_etl() -> None:
    alle = modules()
    etl = {f"{n}: {d}" for n, p in alle.items() for d in geimporteerd(n, str(p), set(alle))
           if d == "etl" or d.startswith("etl.")}
    assert etl == set()


def test_no_module_of_app_is_over_600_lines() -> None:
    lang = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    assert {n: r for n, r in lang.items() if r > MAX_REGELS} == {}


# -- the checks themselves, on small packages written here --------------------------------------


def _pakket(tmp_path: Path, bestanden: Mapping[str, str]) -> Path:
    wortel = tmp_path / "app"
    for naam, tekst in {"__init__.py": "", **bestanden}.items():
        pad = wortel / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(tekst, encoding="utf-8")
    return wortel


def test_a_cycle_through_a_lazy_import_is_found(tmp_path: Path) -> None:
    wortel = _pakket(tmp_path, {
        "embed/__init__.py": "from app.embed import views\n",
        "embed/views.py": "def f():\n    from app.site import wijkprofiel as pagina\n",
        "site/__init__.py": "",
        "site/wijkprofiel.py": "from app import embed, fmt\n",
        "fmt.py": "",
    })
    assert cycli(graaf(wortel)) == [["app.embed", "app.embed.views", "app.site.wijkprofiel"]]


def test_an_import_only_for_type_checkers_is_no_edge(tmp_path: Path) -> None:
    wortel = _pakket(tmp_path, {
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app import b\n",
        "b.py": "from app import a\n",
    })
    assert graaf(wortel)["app.a"] == set()
    assert cycli(graaf(wortel)) == []


def test_an_upward_import_is_named_and_a_downward_one_is_not(tmp_path: Path) -> None:
    wortel = _pakket(tmp_path, {"errors.py": "from app import frame\n",
                                "frame.py": "from .queries import Warehouse\n",
                                "queries.py": "from app import errors\n"})
    assert omhoog(graaf(wortel)) == ["app.queries (queries) -> app.errors (web)"]


def test_a_submodule_import_also_runs_its_package(tmp_path: Path) -> None:
    wortel = _pakket(tmp_path, {"profiel/__init__.py": "from app.profiel import keuze\n",
                                "profiel/keuze.py": "", "params.py": "from app.profiel.keuze import PAD\n"})
    assert graaf(wortel)["app.params"] == {"app.profiel", "app.profiel.keuze"}
