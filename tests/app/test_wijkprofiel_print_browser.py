"""The wijkprofiel printed on A4 by Chromium, read back from the PDF (issue 22, point 5).

No word is broken, also not in a table cell, with or without a comparison column; the trend
cell keeps its figures; the programme names stand above their actions; the footer is set in the
page's font; nothing runs into the page margins. pdftoppm (Debian poppler-utils, installed by
`make test` like Chromium) renders every page to an image, which the margin check reads and a
person can look at (WIJKMONITOR_PRINT_BEELDEN=<dir> keeps them). Profiles of the shipped data/.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, Page

from .conftest import free_port, running

pytestmark = pytest.mark.browser

# A4 with the margins of profiel.css (@page: 14mm 12mm 16mm): the text area ends 12 mm from
# the right and left edges.
PAPIER_MM = (210, 297)
MARGE_LINKS_RECHTS_MM = 12
BEELD_DPI = 50
# Words of at least this many letters are compared between the page and the PDF: shorter
# fragments ('nt', 'g') would also match other words.
WOORD = re.compile(r"[A-Za-zÀ-ÿ]{5,}")
# '(2016: 65,6% → 2020: 66,6%)', the trend cell's figures (line breaks may fall between parts).
TREND_CIJFERS = re.compile(r"\((\d{4}):\s[^()→]+→\s(\d{4}):\s[^()]+\)")


@pytest.fixture(scope="module")
def echte_server(real_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m app` on the warehouse of the shipped data/ (programmes, real wijk names)."""
    port = free_port()
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(real_warehouse), PORT=str(port),
               HOST="127.0.0.1")
    log = tmp_path_factory.mktemp("print") / "app.log"
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "app"], env, log, url + "/healthz", timeout=60):
        yield url


@pytest.fixture()
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def afdruk(page: Page, url: str) -> tuple[bytes, list[str], str]:
    """(the PDF, the text of each page, the text the page shows in print) of `url`."""
    from pypdf import PdfReader

    page.goto(url, wait_until="load")
    pdf = page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="print")
    # innerText leaves out what print hides; the tables' captions are for screen readers only
    # (clipped to 1 px, so absent from the PDF's text).
    scherm = page.evaluate("""() => {
        document.querySelectorAll('caption').forEach(c => c.style.display = 'none');
        return document.body.innerText; }""")
    page.emulate_media(media="screen")
    teksten = [unicodedata.normalize("NFKC", p.extract_text())
               for p in PdfReader(io.BytesIO(pdf)).pages]
    return pdf, teksten, unicodedata.normalize("NFKC", scherm)


def gebroken_woorden(teksten: list[str], scherm: str) -> dict[str, tuple[int, int]]:
    """Words the printed page shows more often than the PDF holds them whole: a word broken
    over two lines ('procentpu' / 'nt') is missing from the PDF. The PDF may hold a word more
    often (the footer and the table header on every page)."""
    pdf = Counter(WOORD.findall("\n".join(teksten)))
    pagina = Counter(WOORD.findall(scherm))
    return {w: (n, pdf[w]) for w, n in pagina.items() if pdf[w] < n}


def lettertypen(pdf: bytes) -> set[str]:
    """The names of the fonts every page of the PDF uses (the footer is on every page)."""
    from pypdf import PdfReader

    namen = set()
    for p in PdfReader(io.BytesIO(pdf)).pages:
        for font in p["/Resources"]["/Font"].values():
            namen.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return namen


def beelden(pdf: bytes, map_: Path, naam: str) -> list[np.ndarray]:
    """Every page rendered by pdftoppm as a grey image (0 black, 255 white); PNGs of the same
    pages are left in `map_` to be looked at."""
    map_.mkdir(parents=True, exist_ok=True)
    bron = map_ / f"{naam}.pdf"
    bron.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(BEELD_DPI), "-png", str(bron), str(map_ / naam)],
                   check=True)
    subprocess.run(["pdftoppm", "-r", str(BEELD_DPI), "-gray", str(bron), str(map_ / naam)],
                   check=True)
    uit = []
    for pgm in sorted(map_.glob(f"{naam}-*.pgm")):
        data = pgm.read_bytes()
        kop = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
        assert kop, pgm
        breedte, hoogte = int(kop.group(1)), int(kop.group(2))
        uit.append(np.frombuffer(data[kop.end():], dtype=np.uint8).reshape(hoogte, breedte))
        pgm.unlink()
    return uit


def inkt_in_zijmarges(beeld: np.ndarray) -> bool:
    """True when anything is drawn in the left or right page margin (a table too wide for A4)."""
    px_per_mm = beeld.shape[1] / PAPIER_MM[0]
    rand = int((MARGE_LINKS_RECHTS_MM - 1) * px_per_mm)  # 1 mm of slack for anti-aliasing
    return bool((beeld[:, :rand] < 200).any() or (beeld[:, -rand:] < 200).any())


@pytest.fixture(scope="module")
def beelden_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gekozen = os.environ.get("WIJKMONITOR_PRINT_BEELDEN")
    return Path(gekozen) if gekozen else tmp_path_factory.mktemp("print-beelden")


@pytest.fixture(scope="module", autouse=True)
def _pdftoppm() -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed: `make browser` installs it")


# The words broken in issue 22 ('procentpu/nt', 'ongunsti/g') and the header's area names.
KRUISKAMP_WOORDEN = ("procentpunt", "ongunstig", "vergelijkbaar", "Kruiskamp", "Ontwikkeling")


@pytest.mark.parametrize("naam, pad, woorden", [
    ("kruiskamp", "/wijkprofiel?gebied=WK030707&indeling=wijk2024", KRUISKAMP_WOORDEN),
    ("kruiskamp-nl", "/wijkprofiel?gebied=WK030707&indeling=wijk2024&vergelijk=NL01",
     (*KRUISKAMP_WOORDEN, "Nederland")),
    # the full profile (volledig=1) prints every row: the appendix on request
    ("kruiskamp-volledig-nl",
     "/wijkprofiel?gebied=WK030707&indeling=wijk2024&vergelijk=NL01&volledig=1",
     (*KRUISKAMP_WOORDEN, "Nederland")),
    # two long wijk names side by side in the header (the full view: its every table)
    ("soesterkwartier-leusderkwartier",
     "/wijkprofiel?gebied=WK030703&indeling=wijk2024&vergelijk=WK030716&volledig=1",
     ("procentpunt", "beoordeeld", "Soesterkwartier", "Leusderkwartier")),
])
def test_printed_profile_breaks_no_word_keeps_trend_figures_and_the_margins(
        tab: Page, echte_server: str, beelden_map: Path, naam: str, pad: str,
        woorden: tuple[str, ...]) -> None:
    pdf, teksten, scherm = afdruk(tab, echte_server + pad)
    assert gebroken_woorden(teksten, scherm) == {}
    alles = "\n".join(teksten)
    for woord in woorden:  # the words the check is about do occur in the tables
        assert re.search(rf"\b{woord}\b", alles), woord
    # every trend cell with two measurements prints them
    cellen = tab.locator(".profiel-tabel .trend-detail").count()
    assert cellen > 0 and len(TREND_CIJFERS.findall(alles)) == cellen
    # the footer (on every page) in the page's sans-serif font, never the browser's serif
    fonts = lettertypen(pdf)
    assert fonts and not [f for f in fonts if "serif" in f.lower().replace("sans", "")], fonts
    pagina_beelden = beelden(pdf, beelden_map, naam)
    assert len(pagina_beelden) == len(teksten)
    assert [i for i, b in enumerate(pagina_beelden, start=1) if inkt_in_zijmarges(b)] == []


@pytest.mark.parametrize("indeling", ["wijk2019", "wijk2024"])
def test_soesterkwartier_print_names_each_programme_above_its_actions(
        tab: Page, echte_server: str, indeling: str) -> None:
    _, teksten, _ = afdruk(tab, f"{echte_server}/wijkprofiel?gebied=WK030703&indeling={indeling}")
    alles = " ".join(" ".join(teksten).split())
    lopend = alles.index("Lopend in deze wijk")
    # by hand from data/: each programme's first action in Soesterkwartier
    for programma, actie in (
            ("Uitvoeringsprogramma Jeugd en Onderwijs", "Plan 'Samen opgroeien in de wijk'"),
            ("Uitvoeringsprogramma Wonen en Zorg", "Pilot wijkgerichte aanpak ouderenhuisvesting")):
        # the name as a heading, before the action (the source line after all actions names
        # the programmes too)
        assert lopend < alles.index(programma, lopend) < alles.index(actie, lopend), programma
