"""The programme catalogue (data/meta/programmas) is checked like every catalogue.

Each bad catalogue stops the build with exit 3 and one line 'fout: <file>, regel N: <reason>';
the catalogue is the shipped one with one line changed.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.build import SCHEMA_VERSION
from etl.catalog import load_programmas
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_OK, CatalogError
from tests.conftest import DATA_DIR
from tests.etl.conftest import MakeDataDir, toml

PROGRAMMAS = DATA_DIR / "meta" / "programmas"


def _meta_with_programmas(root: Path) -> Path:
    """A meta directory holding the shipped goal tree and programme catalogue."""
    meta = root / "meta"
    shutil.copytree(DATA_DIR / "meta" / "doelen", meta / "doelen")
    shutil.copytree(PROGRAMMAS, meta / "programmas")
    return meta


def _doelen() -> set[str]:
    return {line.split(",")[0] for line in (DATA_DIR / "meta" / "doelen" / "doelen.csv")
            .read_text(encoding="utf-8").splitlines()[1:]}


def _edit(path: Path, starts_with: str, new_line: str | None) -> int:
    """Replace (or with None: delete) the line starting with `starts_with`; its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(starts_with))
    if new_line is None:
        del lines[number]
    else:
        lines[number] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def _line(path: Path, starts_with: str) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith(starts_with))


def _fails_with(meta: Path, expected: str) -> None:
    with pytest.raises(CatalogError) as exc:
        load_programmas(meta, _doelen())
    assert str(exc.value) == expected


def test_shipped_catalogue_loads_with_every_result_linked() -> None:
    p = load_programmas(DATA_DIR / "meta", _doelen())
    assert set(p.programmas["programma_code"]) == {"UPJO", "UPWZ"}
    assert set(p.resultaten["resultaat_code"]) <= set(p.koppelingen["code"])
    assert p.acties["programma_code"].notna().all()


# name: (file, line starting with, its replacement from the old line, reason in the message)
ONE_LINE_CHANGED = {
    "unknown goal": (
        "koppelingen.csv", "UPJO-3.2.1-R2,RD-03,", lambda old: old.replace("RD-03", "RD-99"),
        "doel_code 'RD-99' is geen bekend doel in data/meta/doelen"),
    "link to an unknown action": (
        "koppelingen.csv", "UPJO-3.2.1-A05,", lambda old: "UPJO-3.2.1-A99,TD-C,bestaat niet",
        "code 'UPJO-3.2.1-A99' is geen bekend resultaat of actie"),
    "action without title": (
        "acties.csv", "UPJO-3.3.7-A01,", lambda old: "UPJO-3.3.7-A01,UPJO-3.3.7-R1,,,,,,1",
        "titel is leeg voor UPJO-3.3.7-A01"),
    "copied paragraph as title": (
        "acties.csv", "UPJO-3.3.7-A01,", lambda old: f"UPJO-3.3.7-A01,UPJO-3.3.7-R1,{'lang ' * 50},,,,,1",
        "titel is langer dan 200 tekens: vat de actie kort samen"),
    "wijk name instead of code": (
        "acties.csv", "UPWZ-1.4b-A02,", lambda old: old.replace("WK030703", "Soesterkwartier"),
        "wijk 'Soesterkwartier' is geen CBS-wijkcode (WK + 6 cijfers)"),
    "action of an unknown result": (
        "acties.csv", "UPWZ-2h-A01,", lambda old: old.replace("UPWZ-2h-R1", "UPWZ-2h-R9"),
        "resultaat_code 'UPWZ-2h-R9' is geen bekend resultaat"),
    "unknown programme of a section": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: old.replace(",UPWZ,", ",UPXX,"),
        "programma_code 'UPXX' is geen bekend programma"),
    "section not numbered as an integer": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: old.replace(",onderwerp,1", ",onderwerp,een"),
        "volgorde 'een' is geen geheel getal"),
    # every other check of load_programmas, one line each (the lines as shipped are in the lambdas)
    "programme without a name": (
        "programmas.csv", "UPJO,", lambda old: "UPJO,,2022-2024,Een document,1", "naam is leeg voor UPJO"),
    "programme twice": (
        "programmas.csv", "UPWZ,", lambda old: "UPJO,Ander programma,2020-2023,Een document,2",
        "UPJO staat dubbel (ook in programmas.csv, regel 2)"),
    "programme order not a number": (
        "programmas.csv", "UPWZ,", lambda old: old.rsplit(",", 1)[0] + ",twee",
        "volgorde 'twee' is geen geheel getal"),
    "section without heading": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: "UPWZ-4a,UPWZ,UPWZ-4,,,onderwerp,1", "kop is leeg voor UPWZ-4a"),
    "section twice": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: old.replace("UPWZ-4a,", "UPWZ-4,", 1),
        "UPWZ-4 staat dubbel (ook in onderdelen.csv, regel 64)"),
    "unknown kind of section": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: old.replace(",onderwerp,", ",hoofdstukje,"),
        "soort 'hoofdstukje' is niet toegestaan; kies uit ('inleiding', 'hoofdstuk', 'focuspunt', "
        "'thema', 'paragraaf', 'lijn', 'onderwerp')"),
    "unknown parent section": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: old.replace(",UPWZ-4,", ",UPWZ-9,"),
        "parent_code 'UPWZ-9' is geen bekend onderdeel"),
    "parent section of the other programme": (
        "onderdelen.csv", "UPWZ-4a,", lambda old: old.replace(",UPWZ-4,", ",UPJO-2,"),
        "parent_code 'UPJO-2' hoort bij een ander programma"),
    "result without description": (
        "resultaten.csv", "UPWZ-4a-R1,", lambda old: "UPWZ-4a-R1,UPWZ-4a,,,1",
        "omschrijving is leeg voor UPWZ-4a-R1"),
    "result twice": (
        "resultaten.csv", "UPWZ-4a-R1,", lambda old: "UPWZ-2h-R1,UPWZ-4a,Dubbel,,1",
        "UPWZ-2h-R1 staat dubbel (ook in resultaten.csv, regel 81)"),
    "result order not a number": (
        "resultaten.csv", "UPWZ-4a-R1,", lambda old: old.rsplit(",", 1)[0] + ",een",
        "volgorde 'een' is geen geheel getal"),
    "result of an unknown section": (
        "resultaten.csv", "UPWZ-4a-R1,", lambda old: old.replace(",UPWZ-4a,", ",UPWZ-4z,"),
        "onderdeel_code 'UPWZ-4z' is geen bekend onderdeel"),
    "action order not a number": (
        "acties.csv", "UPWZ-2h-A01,", lambda old: old.rsplit(",", 1)[0] + ",eerste",
        "volgorde 'eerste' is geen geheel getal"),
    "link without reason": (
        "koppelingen.csv", "UPWZ-4a-R1,", lambda old: "UPWZ-4a-R1,TD-D,", "reden is leeg voor UPWZ-4a-R1"),
    "link twice": (
        "koppelingen.csv", "UPWZ-4a-R1,", lambda old: "UPWZ-2h-R1,TD-D,nogmaals",
        "UPWZ-2h-R1/TD-D staat dubbel (ook in koppelingen.csv, regel 127)"),
}


@pytest.mark.parametrize("case", sorted(ONE_LINE_CHANGED))
def test_one_bad_line_gets_file_line_and_reason(tmp_path: Path, case: str) -> None:
    name, starts_with, change, reason = ONE_LINE_CHANGED[case]
    meta = _meta_with_programmas(tmp_path)
    path = meta / "programmas" / name
    regel = _edit(path, starts_with, change(_line(path, starts_with)))
    _fails_with(meta, f"{path}, regel {regel}: {reason}")


def test_sections_in_a_cycle_are_an_error_not_a_hang(tmp_path: Path) -> None:
    meta = _meta_with_programmas(tmp_path)
    path = meta / "programmas" / "onderdelen.csv"
    regel = _edit(path, "UPWZ-4,", _line(path, "UPWZ-4,").replace("UPWZ-4,UPWZ,,", "UPWZ-4,UPWZ,UPWZ-4a,"))

    def hang(_signum: int, _frame: object) -> None:
        raise TimeoutError("load_programmas kept walking the cycle UPWZ-4 -> UPWZ-4a -> UPWZ-4")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(30)  # without the cycle check the heading path never ends
    try:
        _fails_with(meta, f"{path}, regel {regel}: parent_code van UPWZ-4 vormt een kring")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_action_code_that_is_also_a_result_code_is_an_error(tmp_path: Path) -> None:
    meta = _meta_with_programmas(tmp_path)
    path = meta / "programmas" / "acties.csv"
    _edit(path, "UPWZ-2h-A01,", _line(path, "UPWZ-2h-A01,").replace("UPWZ-2h-A01,", "UPWZ-4a-R1,", 1))
    _fails_with(meta, f"{path}: code 'UPWZ-4a-R1' is ook een resultaat_code")


def test_duplicate_action_id_names_both_lines(tmp_path: Path) -> None:
    meta = _meta_with_programmas(tmp_path)
    path = meta / "programmas" / "acties.csv"
    first = _edit(path, "UPJO-3.2.1-A01,", _line(path, "UPJO-3.2.1-A01,"))
    regel = _edit(path, "UPJO-3.2.1-A02,", _line(path, "UPJO-3.2.1-A02,").replace("A02", "A01", 1))
    _fails_with(meta, f"{path}, regel {regel}: UPJO-3.2.1-A01 staat dubbel (ook in acties.csv, regel {first})")


def test_result_that_serves_no_goal_is_an_error(tmp_path: Path) -> None:
    meta = _meta_with_programmas(tmp_path)
    links = meta / "programmas" / "koppelingen.csv"
    _edit(links, "UPWZ-2h-R1,", None)
    path = meta / "programmas" / "resultaten.csv"
    regel = _edit(path, "UPWZ-2h-R1,", _line(path, "UPWZ-2h-R1,"))
    _fails_with(meta, f"{path}, regel {regel}: resultaat UPWZ-2h-R1 dient geen doel: koppel het in koppelingen.csv")


def test_section_without_results_is_an_error(tmp_path: Path) -> None:
    meta = _meta_with_programmas(tmp_path)
    path = meta / "programmas" / "onderdelen.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("UPWZ-4b,UPWZ,UPWZ-4,,Nieuw onderwerp,onderwerp,2\n")
    regel = len(path.read_text(encoding="utf-8").splitlines())
    _fails_with(meta, f"{path}, regel {regel}: onderdeel UPWZ-4b heeft geen resultaten en geen subonderdelen")


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    meta = _meta_with_programmas(tmp_path)
    (meta / "programmas" / "koppelingen.csv").unlink()
    _fails_with(meta, f"{meta / 'programmas'}: bestand(en) ontbreken: koppelingen.csv")


def test_no_programme_directory_means_no_programmes(tmp_path: Path) -> None:
    p = load_programmas(tmp_path, _doelen())
    assert p.acties.empty and p.koppelingen.empty


def _data_with_programmas(make_data_dir: MakeDataDir) -> Path:
    data = make_data_dir({
        "test/a.csv": "indicator;gebied;jaar;waarde\ntest_aantal;GM0307;2023;5\n",
        "test/a.toml": toml("a.csv", "long_csv"),
    })
    shutil.copytree(PROGRAMMAS, data / "meta" / "programmas")
    return data


def test_unknown_wijk_code_stops_the_build_with_exit_3(
    make_data_dir: MakeDataDir, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    data = _data_with_programmas(make_data_dir)
    path = data / "meta" / "programmas" / "acties.csv"
    regel = _edit(path, "UPJO-3.2.1-A01,", _line(path, "UPJO-3.2.1-A01,").replace("WK030713", "WK030799"))
    out = tmp_path / "wh.duckdb"
    out.write_bytes(b"previous warehouse")

    code = main(["build", "--extracts", str(data), "--out", str(out)])

    assert code == EXIT_EXTRACT_UNREADABLE
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"fout: meta/programmas/acties.csv, regel {regel}: "
                   "wijk 'WK030799' bestaat niet in de CBS-wijkgrenzen"]
    assert out.read_bytes() == b"previous warehouse"


def test_build_loads_programmes_with_goal_and_wijk_links(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = _data_with_programmas(make_data_dir)
    out = tmp_path / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_OK
    con = duckdb.connect(str(out), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (constants)
                  for t in ("dim_programma", "dim_actie", "bridge_programma_doel")}
        liendert = con.execute(
            "SELECT actie_code, indeling FROM bridge_actie_gebied WHERE gebied_code = 'WK030710' "
            "ORDER BY actie_code").fetchall()
        via = con.execute(
            "SELECT doel_code, via FROM v_actie_doel WHERE actie_code = 'UPJO-3.2.1-A01' "
            "ORDER BY doel_code, via").fetchall()
        version = con.execute(
            "SELECT waarde FROM warehouse_info WHERE sleutel = 'schema_version'").fetchone()
    finally:
        con.close()
    catalogue = load_programmas(DATA_DIR / "meta", _doelen())
    assert counts == {"dim_programma": 2, "dim_actie": len(catalogue.acties),
                      "bridge_programma_doel": len(catalogue.koppelingen)}
    assert liendert == [("UPJO-2.3-A01", "wijk2024"), ("UPJO-3.2.1-A01", "wijk2024")]
    # its result's goals (RD-03, RD-04, TD-B) and its own link (RD-04) once more
    assert via == [("RD-03", "resultaat"), ("RD-04", "actie"), ("RD-04", "resultaat"), ("TD-B", "resultaat")]
    assert version == (SCHEMA_VERSION,)  # the programme tables came with schema 3
    assert int(SCHEMA_VERSION) >= 3
