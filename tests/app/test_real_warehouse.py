"""Smoke tests on the warehouse built from the shipped data/: every view renders every indicator.

Real Amersfoort data (conftest.real_warehouse); nothing here invents or changes a value.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from app import config as app_config
from app import data, fmt, queries


@pytest.fixture()
def real_pages(pages, real_warehouse: Path):
    app_config.activate(app_config.Config(warehouse=real_warehouse))
    queries.configure(real_warehouse)
    yield pages
    queries.configure(pages.verkenner.current().path)


def test_every_indicator_renders_in_the_verkenner(real_pages) -> None:
    v = real_pages.verkenner
    db = v.current()
    cat = db.indicatoren()
    for code in cat["code"]:
        state, _ = v.bepaal_state(db, {"indicator": code})
        v.render_info(state)
        v.render_kaart(state)
        v.render_trend(state)
        v.render_uitsplitsing(state)
    for code in cat.loc[cat["heeft_cluster"].astype(bool), "code"][:10]:
        state, _ = v.bepaal_state(db, {"indicator": code, "niveau": "gebiedscluster"})
        v.render_kaart(state)


def test_every_theme_goal_and_wijk_renders(real_pages) -> None:
    db = real_pages.monitor.current()
    for optie in real_pages.monitor.keuze_opties(db):
        real_pages.monitor.render_tabel({"keuze": optie["value"]})
    for optie in real_pages.wijkprofiel.gebied_opties(db)[:15]:
        code, _, indeling = optie["value"].partition("|")
        state, meldingen = real_pages.wijkprofiel.bepaal_state(db, {"gebied": code,
                                                                     "indeling": indeling})
        assert not meldingen
        real_pages.wijkprofiel.render_profiel(state)


def test_real_map_values_are_the_warehouse_values(real_pages, real_warehouse: Path) -> None:
    db = real_pages.verkenner.current()
    kd = data.kaart(db, "cbs_aantal_inwoners", 2024, "wijk", "GM0307")
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        expected = dict(con.execute(
            """SELECT gebied_code, waarde FROM v_waarde WHERE indicator_code = 'cbs_aantal_inwoners'
               AND jaar = 2024 AND indeling = 'wijk2024' AND groep_dimensie = 'totaal'""").fetchall())
    shown = kd.gebieden.set_index("gebied_code")
    for code, waarde in expected.items():
        assert shown.loc[code, "waarde"] == waarde
    table = real_pages.verkenner.kaart_tabel(kd)
    assert fmt.waarde(expected["WK030701"], "aantal") in str(table.to_plotly_json())
