"""Every check of the catalogues (etl/catalog.py) stops on a catalogue that breaks it: file, line, reason.

A small valid catalogue is written here (goals, indicators, groups, areas, headline indicators);
each case changes or adds one line and expects the one-line error the build prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.catalog import load_catalog
from etl.errors import CatalogError

IND_HEADER = ("code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,"
              "tabel_volgorde,aggregatie,noemer,doelen,breuk_jaren")
PCT = "test_pct,% test,Preventie,percentage,hoger,Testbron,,,actueel,1,gewogen,test_inwoners,RD-01,2021"
INWONERS = "test_inwoners,Inwoners,Bevolking,aantal,neutraal,Testbron,,,niet in monitor,,som,,,"

VALID = {
    "doelen/doelen.csv": ["doel_code,soort,naam,parent_code,volgorde",
                          "ME-A,maatschappelijk effect,Effect A,,1",
                          "RD-01,richtinggevend doel,Doel 1,ME-A,2"],
    "indicatoren/test.csv": [IND_HEADER, PCT, INWONERS],
    "groepen/basis.csv": ["dimensie,groep,volgorde", "totaal,totaal,0", "geslacht,jongens,1"],
    "gebieden/vast.csv": ["gebied_code,naam,niveau,indeling,parent_code,aliassen",
                          "GM0307,Amersfoort,gemeente,vast,,", "NL01,Nederland,land,vast,,"],
    "kern/kern.csv": ["indicator,onderwerp", "test_pct,weerbaarheid"],
}


def _data(tmp_path: Path, file: str | None = None, regel: int | None = None,
          line: str | None = None) -> Path:
    """The valid catalogue under tmp_path/meta, with line `regel` (1 = header) of `file` set to
    `line` (one past the end: appended)."""
    for name, lines in VALID.items():
        lines = list(lines)
        if name == file:
            assert regel is not None and line is not None
            if regel == len(lines) + 1:
                lines.append(line)
            else:
                lines[regel - 1] = line
        path = tmp_path / "meta" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_the_valid_catalogue_loads(tmp_path: Path) -> None:
    cat = load_catalog(_data(tmp_path))
    assert list(cat.indicatoren["code"]) == ["test_inwoners", "test_pct"]
    assert cat.indicator_doel.values.tolist() == [["test_pct", "RD-01", None]]
    assert list(cat.kern["indicator"]) == ["test_pct"]
    assert cat.programmas.acties.empty  # no data/meta/programmas: no programmes


def _pct(**change: str) -> str:
    """The test_pct line with some columns changed."""
    values = dict(zip(IND_HEADER.split(","), PCT.split(","), strict=True))
    values.update(change)
    return ",".join(values.values())


RICHTINGEN = "('hoger', 'lager', 'neutraal')"
# (file, line number, new line, the reason in the message)
ONE_LINE = {
    # goals
    "goal twice": ("doelen/doelen.csv", 4, "ME-A,maatschappelijk effect,Ander effect,,3",
                   "ME-A staat dubbel (ook in doelen.csv, regel 2)"),
    "unknown kind of goal": ("doelen/doelen.csv", 3, "RD-01,subdoel,Doel 1,ME-A,2",
                             "soort 'subdoel' is niet toegestaan; kies uit ('maatschappelijk effect', "
                             "'richtinggevend doel', 'transformatiedoel')"),
    "unknown parent goal": ("doelen/doelen.csv", 3, "RD-01,richtinggevend doel,Doel 1,ME-Z,2",
                            "parent_code 'ME-Z' is geen bekend doel"),
    "goal order not a number": ("doelen/doelen.csv", 3, "RD-01,richtinggevend doel,Doel 1,ME-A,twee",
                                "volgorde 'twee' is geen geheel getal"),
    # indicators
    "indicator twice": ("indicatoren/test.csv", 3, PCT, "test_pct staat dubbel (ook in test.csv, regel 2)"),
    "unknown desired direction": ("indicatoren/test.csv", 2, _pct(gewenste_richting="omhoog"),
                                  f"gewenste_richting 'omhoog' is niet toegestaan; kies uit {RICHTINGEN}"),
    "unknown monitor status": ("indicatoren/test.csv", 2, _pct(monitor_status="oud"),
                               "monitor_status 'oud' is niet toegestaan; kies uit ('actueel', "
                               "'geen nieuwe cijfers', 'niet in monitor')"),
    "unknown aggregation": ("indicatoren/test.csv", 2, _pct(aggregatie="gemiddeld"),
                            "aggregatie 'gemiddeld' is niet toegestaan; kies uit ('som', 'gewogen', 'geen')"),
    "code with capitals and a dash": ("indicatoren/test.csv", 2, _pct(code="Test-Pct"),
                                      "code 'Test-Pct': alleen a-z, 0-9 en _"),
    "no name": ("indicatoren/test.csv", 2, _pct(naam=""), "naam is leeg voor test_pct"),
    "no unit": ("indicatoren/test.csv", 2, _pct(eenheid=""), "eenheid is leeg voor test_pct"),
    "no source": ("indicatoren/test.csv", 2, _pct(bron=""), "bron is leeg voor test_pct"),
    "break years with another separator": ("indicatoren/test.csv", 2, _pct(breuk_jaren="2021;2023"),
                                           "breuk_jaren '2021;2023': jaartallen gescheiden door |"),
    "break year not a year": ("indicatoren/test.csv", 2, _pct(breuk_jaren="21"),
                              "breuk_jaren '21': jaartallen gescheiden door |"),
    "table order not a number": ("indicatoren/test.csv", 2, _pct(tabel_volgorde="eerste"),
                                 "tabel_volgorde 'eerste' is geen geheel getal"),
    "weighted by an unknown indicator": ("indicatoren/test.csv", 2, _pct(noemer="test_bewoners"),
                                         "aggregatie 'gewogen' heeft een bekende noemer nodig, "
                                         "niet 'test_bewoners'"),
    "weighted without a weight": ("indicatoren/test.csv", 2, _pct(noemer=""),
                                  "aggregatie 'gewogen' heeft een bekende noemer nodig, niet ''"),
    "unknown goal of an indicator": ("indicatoren/test.csv", 2, _pct(doelen="RD-01|RD-99"),
                                     "doel 'RD-99' bestaat niet in data/meta/doelen"),
    # groups
    "group order not a number": ("groepen/basis.csv", 3, "geslacht,jongens,een", "volgorde 'een' is geen geheel getal"),
    "group twice with another order": ("groepen/basis.csv", 4, "geslacht,jongens,2",
                                       "geslacht/jongens staat dubbel (ook in basis.csv, regel 3)"),
    # fixed areas
    "area twice": ("gebieden/vast.csv", 4, "GM0307,Amersfoort (dubbel),gemeente,vast,,",
                   "GM0307/vast staat dubbel (ook in vast.csv, regel 2)"),
    "unknown area level": ("gebieden/vast.csv", 3, "NL01,Nederland,rijk,vast,,",
                           "niveau 'rijk' is niet toegestaan; kies uit ('land', 'referentiegroep', "
                           "'gemeente', 'wijk', 'buurt', 'gebiedscluster')"),
    # headline indicators
    "headline indicator twice": ("kern/kern.csv", 3, "test_pct,nogmaals",
                                 "test_pct staat dubbel (ook in kern.csv, regel 2)"),
    "unknown headline indicator": ("kern/kern.csv", 2, "test_onbekend,iets",
                                   "indicator 'test_onbekend' bestaat niet in data/meta/indicatoren"),
    "headline without subject": ("kern/kern.csv", 2, "test_pct,", "onderwerp is leeg voor test_pct"),
}


@pytest.mark.parametrize("case", list(ONE_LINE))
def test_one_bad_line_names_file_line_and_reason(tmp_path: Path, case: str) -> None:
    file, regel, line, reason = ONE_LINE[case]
    data = _data(tmp_path, file, regel, line)
    with pytest.raises(CatalogError) as err:
        load_catalog(data)
    path = data / "meta" / file
    assert (err.value.path, err.value.locatie, err.value.reden) == (str(path), f"regel {regel}", reason)
    assert str(err.value) == f"{path}, regel {regel}: {reason}"


def test_unknown_theme_lists_the_themes(tmp_path: Path) -> None:
    data = _data(tmp_path, "indicatoren/test.csv", 2, _pct(thema="Sport"))
    with pytest.raises(CatalogError) as err:
        load_catalog(data)
    assert (err.value.path, err.value.locatie) == (str(data / "meta" / "indicatoren" / "test.csv"), "regel 2")
    assert err.value.reden.startswith("thema 'Sport' is niet toegestaan; kies uit ('Preventie', ")
    assert "'Cliëntervaring'" in err.value.reden and "'Voorzieningen')" in err.value.reden


@pytest.mark.parametrize(("file", "header", "missing"), [
    ("doelen/doelen.csv", "doel_code,soort,naam,parent_code", "volgorde"),
    ("indicatoren/test.csv", IND_HEADER.replace("thema,", "").replace(",doelen,", ","), "thema, doelen"),
    ("kern/kern.csv", "indicator,titel", "onderwerp"),
])
def test_a_missing_column_is_named_on_line_1(tmp_path: Path, file: str, header: str,
                                             missing: str) -> None:
    data = _data(tmp_path, file, 1, header)
    with pytest.raises(CatalogError) as err:
        load_catalog(data)
    assert str(err.value) == f"{data / 'meta' / file}, regel 1: kolom(men) ontbreken: {missing}"


def test_without_the_total_group_the_catalogue_is_refused(tmp_path: Path) -> None:
    data = _data(tmp_path, "groepen/basis.csv", 2, "geslacht,meisjes,2")
    with pytest.raises(CatalogError) as err:
        load_catalog(data)
    assert str(err.value) == f"{data / 'meta' / 'groepen'}: de groep totaal/totaal ontbreekt"


def test_a_directory_without_csv_files_is_refused(tmp_path: Path) -> None:
    data = _data(tmp_path)
    (data / "meta" / "indicatoren" / "test.csv").rename(data / "meta" / "indicatoren" / "test.txt")
    with pytest.raises(CatalogError) as err:
        load_catalog(data)
    assert str(err.value) == f"{data / 'meta' / 'indicatoren'}: geen CSV-bestanden gevonden"


@pytest.mark.parametrize(("content", "cause"), [
    (b"", "No columns to parse from file"),  # an empty file
    ("dimensie,groep,volgorde\ntotaal,totaal,0\ngeslacht,vrouw\u00e9n,1\n".encode("latin-1"),
     "'utf-8' codec can't decode byte 0xe9"),  # not UTF-8
    (b'dimensie,groep,volgorde\ntotaal,totaal,0\ngeslacht,"jongens,1\n', "EOF inside string"),
])
def test_an_unreadable_file_is_refused(tmp_path: Path, content: bytes, cause: str) -> None:
    data = _data(tmp_path)
    path = data / "meta" / "groepen" / "basis.csv"
    path.write_bytes(content)
    with pytest.raises(CatalogError) as err:
        load_catalog(data)
    assert err.value.path == str(path) and err.value.locatie is None
    assert err.value.reden.startswith("onleesbaar: ") and cause in err.value.reden
