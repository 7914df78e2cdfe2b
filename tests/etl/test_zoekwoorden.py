"""The search catalogue (etl/zoekwoorden.py): checked on load with file, line and reason; written
to zoekwoord and doel_zoekwoord; optional."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.catalog import load_catalog
from etl.errors import CatalogError
from etl.zoekwoorden import load_zoekwoorden

DOELEN = {"RD-05", "RD-07"}
DATA = Path(__file__).resolve().parents[2] / "data"


def _meta(tmp_path: Path, termen: str | None, doelen: str | None = None) -> Path:
    if termen is not None:
        (tmp_path / "zoekwoorden.csv").write_text(termen, encoding="utf-8")
    if doelen is not None:
        (tmp_path / "doel_zoekwoorden.csv").write_text(doelen, encoding="utf-8")
    return tmp_path


def test_words_load_in_file_order_with_spaces_trimmed(tmp_path: Path) -> None:
    zw = load_zoekwoorden(_meta(tmp_path, "term,synoniemen\narmoede, laag inkomen | rondkomen\n"
                                          "eenzaamheid,eenzaam\n",
                                "doel_code,zoekwoorden\nRD-07,armoede|schulden\n"), DOELEN)
    assert zw.termen.values.tolist() == [["armoede", "laag inkomen|rondkomen"],
                                         ["eenzaamheid", "eenzaam"]]
    assert zw.doelen.values.tolist() == [["RD-07", "armoede|schulden"]]


def test_without_the_files_the_catalogue_is_empty(tmp_path: Path) -> None:
    zw = load_zoekwoorden(tmp_path, DOELEN)
    assert zw.termen.empty and zw.doelen.empty


@pytest.mark.parametrize(("termen", "doelen", "regel", "reden"), [
    ("term,synoniemen\narmoede,laag inkomen||minima\n", None, "regel 2", "leeg woord"),
    ("term,synoniemen\narmoede,\n", None, "regel 2", "leeg woord"),
    ("term,synoniemen\nok,a\nArmoede,minima\n", None, "regel 3", "kleine letters"),
    ("term,synoniemen\narmoede,Minima\n", None, "regel 2", "kleine letters"),
    ("term,synoniemen\narmoede,minima|minima\n", None, "regel 2", "twee keer"),
    ("term,synoniemen\narmoede,a\narmoede,b\n", None, "regel 3", "dubbel"),
    ("term\narmoede\n", None, "regel 1", "ontbreken: synoniemen"),
    (None, "doel_code,zoekwoorden\nRD-99,armoede\n", "regel 2", "'RD-99' bestaat niet"),
    (None, "doel_code,zoekwoorden\nRD-07,a\nRD-07,b\n", "regel 3", "dubbel"),
])
def test_a_bad_row_is_named_by_file_line_and_reason(tmp_path: Path, termen: str | None,
                                                    doelen: str | None, regel: str,
                                                    reden: str) -> None:
    with pytest.raises(CatalogError) as exc:
        load_zoekwoorden(_meta(tmp_path, termen, doelen), DOELEN)
    bestand = "zoekwoorden.csv" if termen is not None else "doel_zoekwoorden.csv"
    assert Path(exc.value.path).name == bestand
    assert exc.value.locatie == regel and reden in exc.value.reden


def test_the_shipped_catalogue_loads_and_names_only_known_goals() -> None:
    doelen = set(load_catalog(DATA).doelen["doel_code"])
    zw = load_zoekwoorden(DATA / "meta", doelen)
    assert {"armoede", "schulden", "eenzaamheid", "jeugdzorg", "wonen"} <= set(zw.termen["term"])
    assert "armoede" in zw.doelen.set_index("doel_code").loc["RD-07", "zoekwoorden"].split("|")


def test_the_warehouse_holds_the_search_catalogue(real_warehouse: Path) -> None:
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        termen = dict(con.execute("SELECT term, synoniemen FROM zoekwoord").fetchall())
        doelen = dict(con.execute("SELECT doel_code, zoekwoorden FROM doel_zoekwoord").fetchall())
    assert "rondkomen" in termen["armoede"].split("|")
    assert doelen["RD-05"].split("|")[0] == "eenzaamheid"
