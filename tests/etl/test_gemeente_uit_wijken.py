"""Gemeente figures computed from all wijken (etl.model.aggregate_gemeente): a delivered figure wins.

A rate is weighted by its noemer, so the noemer's wijk figures come along; where the source
delivers the noemer for the gemeente itself, that figure stays and no computed sum is added
beside it (which would be a second figure for one fact key).
"""

from __future__ import annotations

import json

import duckdb

from etl.__main__ import main
from etl.errors import EXIT_OK
from tests.conftest import DATA_DIR
from tests.etl.conftest import toml


def _wijken_2024() -> list[str]:
    geo = json.loads((DATA_DIR / "cbs" / "wijken_2024.geojson").read_text(encoding="utf-8"))
    return sorted(f["properties"]["wijkcode"] for f in geo["features"])


def test_delivered_gemeente_noemer_wins_and_the_rate_is_computed(make_data_dir, tmp_path) -> None:
    wijken = _wijken_2024()
    regels = ["indicator;jaar;gebied;waarde"]
    for i, wijk in enumerate(wijken):
        regels += [f"test_pct;2023;{wijk};{10 + i % 5}", f"test_inwoners;2023;{wijk};{100 + i}"]
    regels.append("test_inwoners;2023;GM0307;999")  # the source's own gemeente figure
    data = make_data_dir({"t/a.csv": "\n".join(regels) + "\n", "t/a.toml": toml("a.csv", "long_csv")})
    out = tmp_path / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_OK
    with duckdb.connect(str(out), read_only=True) as con:
        rijen = dict(con.execute(
            """SELECT indicator_code, (waarde, afgeleid) FROM v_waarde
               WHERE gebied_code = 'GM0307' AND jaar = 2023"""
        ).fetchall())
    assert rijen["test_inwoners"] == (999.0, False)
    teller = sum((10 + i % 5) * (100 + i) for i in range(len(wijken)))
    noemer = sum(100 + i for i in range(len(wijken)))
    waarde, afgeleid = rijen["test_pct"]
    assert afgeleid is True and abs(waarde - teller / noemer) < 0.05
