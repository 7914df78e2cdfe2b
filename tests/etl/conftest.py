"""Fixtures for ETL tests: small data directories with hand-written extracts, built for real.

The CBS boundaries and goal tree are the shipped ones; indicators and values are made up here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR

TEST_INDICATORS = """code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,tabel_volgorde,aggregatie,noemer,doelen
test_pct,% testindicator,Preventie,percentage,hoger,Testbron,Test,,actueel,1,gewogen,test_inwoners,RD-01
test_aantal,Aantal testgevallen,Preventie,aantal,lager,Testbron,Test,,actueel,2,som,,
test_inwoners,Testinwoners,Bevolking,aantal,neutraal,Testbron,Test,,niet in monitor,,som,,
"""

MakeDataDir = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture()
def make_data_dir(tmp_path: Path) -> MakeDataDir:
    """A data directory with the shipped boundaries/catalogues, test indicators and given files.

    Keys are paths under extracts/ (e.g. 'test/a.csv'); str values are written as UTF-8.
    """

    def make(files: dict[str, str | bytes]) -> Path:
        data = tmp_path / "data"
        shutil.copytree(DATA_DIR / "cbs", data / "cbs")
        meta = data / "meta"
        for sub in ("doelen", "gebieden"):
            shutil.copytree(DATA_DIR / "meta" / sub, meta / sub)
        (meta / "groepen").mkdir(parents=True)
        shutil.copy(DATA_DIR / "meta" / "groepen" / "basis.csv", meta / "groepen" / "basis.csv")
        for extra in DATA_DIR.glob("meta/*.toml"):
            shutil.copy(extra, meta / extra.name)
        (meta / "indicatoren").mkdir()
        (meta / "indicatoren" / "test.csv").write_text(TEST_INDICATORS, encoding="utf-8")
        for rel, content in files.items():
            path = data / "extracts" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return data

    return make


def toml(bestand: str, formaat: str, **extra: str) -> str:
    """The text of an extract description."""
    lines = [f'bestand = "{bestand}"', f'formaat = "{formaat}"', 'bron = "Testbron"']
    lines += [f'{key} = "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n"
