"""The statline format (etl/adapters/statline.py): CBS StatLine long exports, built for real.

The exports here are generated in the test: real area codes, made-up values and test indicators.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_OK
from tests.etl.conftest import MakeDataDir

KOLOMMEN = "kolom,indicator,schaal\nPercentage_4,test_pct,1\nAantal_5,test_aantal,1\n"
HEADER = "Leeftijd,Marges,WijkenEnBuurten,Perioden,SoortRegio_2,Percentage_4,Aantal_5"
DESCRIPTION = """bestand = "s.csv"
formaat = "statline"
bron = "Testbron"
indeling = "wijk2019"
decimaal = "."
kolommen = "kolommen.csv"

[statline]
negeer = ["SoortRegio_2"]

[statline.dimensies.Leeftijd]
20300 = "totaal/totaal"
80200 = "leeftijd/65+"

[statline.dimensies.Marges]
MW00000 = "behouden"
MOG0095 = "overslaan"
"""
GOOD = "\n".join(
    [
        HEADER,
        "20300,MW00000,GM0307,2020JJ00,Gemeente,41.5,1200",  # line 2
        "20300,MW00000,WK030707,2020JJ00,Wijk,20.7,",  # line 3: empty Aantal_5 -> no figure
        "80200,MW00000,WK030707,2016JJ00,Wijk,.,30",  # line 4: '.' -> geheim/onderdrukt
        "20300,MOG0095,WK030707,2020JJ00,Wijk,18.0,",  # line 5: interval bound, left out
        "20300,MW00000,BU03070700,2020JJ00,Buurt,22.1,",  # line 6: a buurt of 2020
        "20300,MW00000,WK030707,2020KW01,Wijk,19.9,",  # line 7: a quarter, not a year
        "12345,MW00000,WK030707,2020JJ00,Wijk,19.9,",  # line 8: age code not described
    ]
)


def build(
    make_data_dir: MakeDataDir,
    tmp_path: Path,
    csv: str,
    description: str = DESCRIPTION,
    kolommen: str = KOLOMMEN,
) -> tuple[int, Path]:
    data = make_data_dir(
        {"test/s.csv": csv + "\n", "test/s.toml": description, "test/kolommen.csv": kolommen}
    )
    out = tmp_path / "wh.duckdb"
    return main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]), out


def test_statline_export_loads_figures_groups_and_statuses(make_data_dir, tmp_path):
    code, out = build(make_data_dir, tmp_path, GOOD)
    assert code == EXIT_OK
    con = duckdb.connect(str(out), read_only=True)
    facts = con.execute(
        """SELECT indicator_code, jaar, gebied_code, indeling, groep_dimensie, groep, waarde, status
           FROM v_waarde WHERE NOT afgeleid ORDER BY ALL"""
    ).fetchall()
    assert facts == [
        ("test_aantal", 2016, "WK030707", "wijk2019", "leeftijd", "65+", 30.0, "waarde"),
        ("test_aantal", 2020, "GM0307", "vast", "totaal", "totaal", 1200.0, "waarde"),
        ("test_pct", 2016, "WK030707", "wijk2019", "leeftijd", "65+", None, "geheim/onderdrukt"),
        ("test_pct", 2020, "BU03070700", "buurt2020", "totaal", "totaal", 22.1, "waarde"),
        ("test_pct", 2020, "GM0307", "vast", "totaal", "totaal", 41.5, "waarde"),
        ("test_pct", 2020, "WK030707", "wijk2019", "totaal", "totaal", 20.7, "waarde"),
    ]
    rejects = con.execute("SELECT locatie, ruw, reden FROM etl_reject ORDER BY rowid").fetchall()
    assert rejects == [
        (
            "regel 7, kolom Percentage_4",
            "Percentage_4=19.9",
            "Perioden '2020KW01' is geen jaarcode (JJJJJJ00)",
        ),
        (
            "regel 8, kolom Percentage_4",
            "Percentage_4=19.9",
            "Leeftijd '12345' staat niet in de beschrijving",
        ),
    ]


def test_cbs_dot_is_a_status_never_a_number(make_data_dir, tmp_path):
    code, out = build(make_data_dir, tmp_path, GOOD)
    con = duckdb.connect(str(out), read_only=True)
    row = con.execute(
        """SELECT f.waarde, f.status FROM fact_waarde f JOIN dim_indicator i USING (indicator_id)
           JOIN dim_gebied g USING (gebied_id) JOIN dim_jaar j USING (jaar_id)
           WHERE i.code = 'test_pct' AND g.gebied_code = 'WK030707' AND j.jaar = 2016"""
    ).fetchall()
    assert code == EXIT_OK and row == [(None, "geheim/onderdrukt")]


@pytest.mark.parametrize(
    ("csv", "description", "kolommen", "fout"),
    [
        pytest.param(
            "Marges,WijkenEnBuurten,Perioden,SoortRegio_2,Percentage_4,Aantal_5\n"
            "MW00000,GM0307,2020JJ00,Gemeente,41.5,1",
            DESCRIPTION,
            KOLOMMEN,
            "extracts/test/s.csv, regel 1: kolom 'Leeftijd' (dimensie) ontbreekt; gevonden: "
            "['Marges', 'WijkenEnBuurten', 'Perioden', 'SoortRegio_2', 'Percentage_4', 'Aantal_5']",
            id="missing-dimension-column",
        ),
        pytest.param(
            HEADER + ",Nieuw_6\n20300,MW00000,GM0307,2020JJ00,Gemeente,41.5,1,2",
            DESCRIPTION,
            KOLOMMEN,
            "extracts/test/s.csv, regel 1: kolom(men) ['Nieuw_6'] staan niet in kolommen.csv en "
            "niet in 'negeer' van s.toml: onbekende CBS-sleutel(s)",
            id="unknown-key-column",
        ),
        pytest.param(
            GOOD,
            DESCRIPTION,
            KOLOMMEN + "Weg_9,test_aantal,1\n",
            "extracts/test/s.csv, regel 1: kolom(men) uit kolommen.csv ontbreken: ['Weg_9']",
            id="mapped-key-absent",
        ),
        pytest.param(
            "Leeftijd,Marges,Regio,Perioden,SoortRegio_2,Percentage_4,Aantal_5\n"
            "20300,MW00000,GM0307,2020JJ00,Gemeente,41.5,1",
            DESCRIPTION,
            KOLOMMEN,
            "extracts/test/s.csv, regel 1: geen gebiedskolom (WijkenEnBuurten, RegioS)",
            id="no-region-column",
        ),
        pytest.param(
            GOOD,
            DESCRIPTION.replace('80200 = "leeftijd/65+"', '80200 = "65+"'),
            KOLOMMEN,
            "extracts/test/s.toml: dimensie Leeftijd, code 80200: '65+' is geen 'dimensie/groep', "
            "'behouden' of 'overslaan'",
            id="bad-group-in-description",
        ),
        pytest.param(
            GOOD,
            DESCRIPTION.replace("[statline]", "[statline]\nperiode = 'Jaar'"),
            KOLOMMEN,
            "extracts/test/s.toml: onbekende sleutel(s) in [statline]: ['periode']",
            id="unknown-option",
        ),
    ],
)
def test_malformed_statline_export_stops_with_one_line(
    make_data_dir, tmp_path, capsys, csv, description, kolommen, fout
):
    code, out = build(make_data_dir, tmp_path, csv, description, kolommen)
    assert code == EXIT_EXTRACT_UNREADABLE
    assert capsys.readouterr().err.strip().splitlines()[-1] == "fout: " + fout
    assert not out.exists()
