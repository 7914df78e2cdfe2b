"""Every page kind is valid HTML by the W3C Nu HTML Checker: 0 errors (issue 22, point 7).

The real app (`python -m app`) on the warehouse of the shipped data/: the HTML as the server sends
it, every thema and every doel of the monitor included, and the document Chromium holds after the
scripts ran (the Dash pages' server HTML is a shell; React draws the rest).
"""

from __future__ import annotations

import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest

from . import nu_checker
from .conftest import free_port, running

# One URL per page kind, and the variants that draw different markup. Error pages answer 4xx.
PAGINAS = (
    "/",
    "/verkenner",
    "/verkenner?indicator=rivm_eenzaam&jaar=2020&niveau=wijk&gebied=WK030707",
    "/verkenner?doel=RD-07",
    "/wijkprofiel",
    "/wijkprofiel?gebied=WK030707&indeling=wijk2024",
    "/wijkprofiel?gebied=WK030707&indeling=wijk2024&vergelijk=NL01",
    "/wijkprofiel?gebied=WK030707&indeling=wijk2024&thema=Wonen&vergelijk=WK030710",
    "/wijkprofiel?gebied=BU03070700&indeling=buurt2024",
    "/monitor",
    "/oordelen",
    "/ontbrekend",
    "/wijkprofiel?gebied=WK030703&indeling=wijk2024&volledig=1",
    "/embed/kaart?indicator=cbs_aantal_inwoners",
    "/embed/kaart?indicator=rivm_eenzaam&weergave=verschil",
    "/embed/kaart?indicator=jeugd_sport_club&niveau=gebiedscluster",
    "/embed/trend?indicator=cbs_aantal_inwoners&gebied=WK030707",
    "/embed/groepen?indicator=rivm_eenzaam",
    "/embed/wijkprofiel?gebied=WK030707",
)
FOUTPAGINAS = (
    "/bestaat-niet",  # Dash's 404 page
    "/wijkprofiel?gebied=XX",
    "/monitor?thema=Bestaat%20niet",
    "/embed/kaart?indicator=bestaat_niet",
    "/embed/onbekend",
    "/verkenner?jaar=twintig",
)


@pytest.fixture(scope="module")
def nu() -> nu_checker.Checker:
    return nu_checker.checker()


@pytest.fixture(scope="module")
def echte_app(real_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m app` on the warehouse of the shipped data/."""
    port = free_port()
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(real_warehouse), PORT=str(port),
               HOST="127.0.0.1")
    log = tmp_path_factory.mktemp("nu") / "app.log"
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "app"], env, log, url + "/healthz"):
        yield url


def haal(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:  # noqa: S310 - localhost
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def monitor_keuzes(html: str) -> list[str]:
    """/monitor?thema=… and /monitor?doel=… for every option of the page's two selects."""
    uit = []
    for naam in ("thema", "doel"):
        select = re.search(rf'<select id="monitor-{naam}".*?</select>', html, re.S)
        assert select, naam
        waarden = [unescape(w) for w in re.findall(r'<option value="([^"]+)"', select.group(0))]
        uit += [f"/monitor?{urlencode({naam: w})}" for w in waarden]
    return uit


def test_the_checker_finds_what_the_issue_found(nu: nu_checker.Checker) -> None:
    """The check can fail: the three kinds of error of issue 22, in small documents."""
    kop = '<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body>'
    fout = nu_checker.fouten(nu, {
        "dubbel": kop + '<p id="actie-A01">a</p><p id="actie-A01">b</p></body></html>',
        "select": kop + '<select name="g" required><optgroup label="Wijken"><option value="W1">'
                        'W1</option></optgroup></select></body></html>',
        "goed": kop + '<select name="g" required><option value="">Kies een wijk</option>'
                      '<option value="W1">W1</option></select></body></html>',
    })
    assert any(f.startswith("dubbel:") and "Duplicate ID" in f for f in fout), fout
    assert any(f.startswith("select:") and "“select”" in f for f in fout), fout
    assert not [f for f in fout if f.startswith("goed:")], fout


def test_every_page_kind_as_served_has_no_errors(nu: nu_checker.Checker, echte_app: str) -> None:
    documenten: dict[str, str] = {}
    status, monitor = haal(echte_app + "/monitor")
    keuzes = monitor_keuzes(monitor)
    assert "/monitor?thema=Preventie" in keuzes and "/monitor?doel=RD-07" in keuzes
    for pad in (*PAGINAS, *keuzes):
        status, html = haal(echte_app + pad)
        assert status == 200, pad
        documenten[pad] = html
    for pad in FOUTPAGINAS:
        status, html = haal(echte_app + pad)
        assert status in (400, 404), (pad, status)
        documenten[pad] = html
    assert len(documenten) > 40
    assert nu_checker.fouten(nu, documenten) == []


# -- after the scripts ran ---------------------------------------------------------------------------

# What Chromium's document has that no markup of the app causes, each explained:
# - "CSS: …": Dash 4 injects its components' stylesheet at run time; it uses :has() and
#   @container, which the checker's CSS parser does not know (the served pages' own CSS is checked
#   above, without this exception);
# - the charset <meta> "after the first 1024 bytes": Dash's injected <style> comes before it in the
#   live <head>; the served bytes have it first (checked above);
# - plotly.js draws empty <path> elements as placeholders of grid lines it has not drawn.
def _door_dash_of_plotly(m: dict) -> bool:
    tekst = m.get("message", "")
    return (tekst.startswith("CSS:")
            or "“charset” attribute on a “meta” element found after the first 1024 bytes" in tekst
            or tekst == "Element “path” is missing required attribute “d”.")


DOM_PAGINAS = (
    "/",
    "/verkenner",
    "/verkenner?indicator=rivm_eenzaam&jaar=2020&niveau=wijk&gebied=WK030707",
    "/verkenner?doel=RD-07",
    "/wijkprofiel?gebied=WK030707&indeling=wijk2024&vergelijk=NL01",
    "/monitor?thema=Preventie",
    "/monitor?doel=RD-07",
    "/embed/kaart?indicator=cbs_aantal_inwoners",
    "/embed/trend?indicator=cbs_aantal_inwoners&gebied=WK030707",
    "/embed/groepen?indicator=rivm_eenzaam",
    "/embed/wijkprofiel?gebied=WK030707",
    "/bestaat-niet",
)


@pytest.mark.browser
def test_every_page_kind_after_rendering_has_no_errors(nu: nu_checker.Checker, echte_app: str,
                                                       browser) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    documenten: dict[str, str] = {}
    try:
        for pad in DOM_PAGINAS:
            page.goto(echte_app + pad)
            page.wait_for_load_state("networkidle")
            if pad.startswith("/verkenner"):
                page.locator("#verkenner-titel").filter(has_text=re.compile(r"\S")).wait_for()
                page.locator("#verkenner-kaart .main-svg").first.wait_for(state="attached")
                # Dash loads the dropdown's code on demand: until then a label points at its
                # placeholder. The check is of the drawn page.
                page.wait_for_function("""() => [...document.querySelectorAll('label[for]')]
                    .every(l => document.getElementById(l.htmlFor)?.matches(
                        'button, input:not([type=hidden]), select, textarea'))""")
                page.wait_for_load_state("networkidle")
            # page.content() serialises the live DOM, doctype included.
            documenten[pad] = page.content()
    finally:
        context.close()
    assert nu_checker.fouten(nu, documenten, negeer=_door_dash_of_plotly) == []
