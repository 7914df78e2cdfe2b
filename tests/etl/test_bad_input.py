"""The bad-input corpus (tests/fixtures/bad): each extract gets its exact message.

Good rows of a bad file still load, rejected rows land in etl_reject, an unreadable file fails
the build with exit code 3 and leaves the previous warehouse untouched.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest

import etl.stage
from etl.__main__ import main
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_OK
from tests.etl.conftest import MakeDataDir

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "bad"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))


def test_every_extract_in_the_corpus_has_an_expectation() -> None:
    descriptions = {p.stem for p in CORPUS.glob("*.toml")} - {"expected"}
    assert descriptions == set(EXPECTED)


def corpus_data_dir(make_data_dir: MakeDataDir, case: str) -> Path:
    description = CORPUS / f"{case}.toml"
    bestand = tomllib.loads(description.read_text(encoding="utf-8"))["bestand"]
    data = make_data_dir({})
    target = data / "extracts" / "bad"
    target.mkdir(parents=True)
    shutil.copy(description, target / description.name)
    shutil.copy(CORPUS / bestand, target / bestand)
    return data


@pytest.mark.parametrize("staging", ["pandas", "duckdb"])
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_extract_gets_its_exact_message(
    case: str,
    staging: str,
    make_data_dir: MakeDataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The corpus files are small, so the build reads them with pandas; "duckdb" sends the
    # well-formed CSV ones through etl.stage as a large file would go (same messages either way).
    if staging == "duckdb":
        monkeypatch.setattr(etl.stage, "MIN_BYTES", 0)
    expected = EXPECTED[case]
    data = corpus_data_dir(make_data_dir, case)
    out = tmp_path / "wh.duckdb"
    out.write_bytes(b"previous warehouse")  # must survive a failed build

    code = main(["build", "--extracts", str(data), "--out", str(out)])
    err = capsys.readouterr().err

    if "fout" in expected:
        assert code == EXIT_EXTRACT_UNREADABLE
        assert err.strip().splitlines()[-1] == "fout: " + expected["fout"]
        assert out.read_bytes() == b"previous warehouse"
        return

    assert code == EXIT_OK
    if "melding" in expected:
        assert expected["melding"] in err
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM fact_waarde").fetchone() == (expected["geladen"],)
    year = str(dt.date.today().year)
    for soort in ("afgewezen", "dubbel"):
        rows = con.execute(
            "SELECT locatie, reden FROM etl_reject WHERE soort = ? ORDER BY rowid", [soort]
        ).fetchall()
        wanted = [(place, reason.replace("{build_year}", year)) for place, reason in expected.get(soort, [])]
        assert rows == wanted
        for place, _ in wanted:  # every reject is also named in the printed report
            assert f"extracts/bad/{tomllib.loads((CORPUS / f'{case}.toml').read_text())['bestand']}, {place}" in err
    load = con.execute("SELECT rows_read, rows_loaded, rows_rejected, rows_duplicate FROM etl_load").fetchone()
    assert load == (
        expected["geladen"] + len(expected.get("afgewezen", [])) + len(expected.get("dubbel", [])),
        expected["geladen"],
        len(expected.get("afgewezen", [])),
        len(expected.get("dubbel", [])),
    )
    for jaar, status in expected.get("statussen", []):
        assert con.execute("SELECT status, waarde FROM v_waarde WHERE jaar = ?", [jaar]).fetchall() == [(status, None)]
    for jaar, groep, waarde in expected.get("waarden", []):
        got = con.execute("SELECT waarde FROM v_waarde WHERE jaar = ? AND groep = ?", [jaar, groep]).fetchall()
        assert got == [(waarde,)]
