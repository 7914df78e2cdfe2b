/* Wijkmonitor embed views: draw the chart from the JSON the page carries (no inline script runs),
 * fit it to the frame (300 to 1200 px wide) and keep it fitted when the frame is resized.
 * Needs plotly.js, served by the app itself; no other network access. */
(function () {
    "use strict";
    var SMAL = 600;  // px: below this width the map's legend moves under the map
    var CONFIG = { displayModeBar: false, responsive: true, displaylogo: false, scrollZoom: false,
                   locale: "nl" };  // registered by the app's taal-nl script (plotly.js-locales)

    function begrens(x, lo, hi) { return Math.round(Math.min(Math.max(x, lo), hi)); }

    // Height and legend for the current width; other charts keep the height they were built with.
    function maat(soort, breedte, basis) {
        var smal = breedte < SMAL;
        if (soort === "kaart") {
            return {
                height: begrens(breedte * 0.85, 300, 560) + (smal ? 160 : 0),
                legend: smal ? Object.assign({}, basis.legend, { orientation: "v", x: 0, xanchor: "left",
                                                                y: 0, yanchor: "top" })
                             : basis.legend
            };
        }
        if (soort === "trend") {
            return { height: begrens(breedte * 0.55, 300, 440) + (smal ? 80 : 0) };
        }
        return { height: basis.height };
    }

    function teken(el) {
        var bron = document.getElementById(el.getAttribute("data-figuur"));
        if (!bron || !window.Plotly) { return; }
        var fig = JSON.parse(bron.textContent);
        var soort = el.getAttribute("data-soort");
        var basis = { legend: fig.layout.legend || {}, height: fig.layout.height };
        var breedte = el.clientWidth;
        var layout = Object.assign({}, fig.layout, maat(soort, breedte, basis), { autosize: true });
        delete layout.width;
        window.Plotly.newPlot(el, fig.data, layout, CONFIG);
        var wacht = null;
        window.addEventListener("resize", function () {
            window.clearTimeout(wacht);
            wacht = window.setTimeout(function () {
                if (el.clientWidth === breedte) { return; }
                breedte = el.clientWidth;
                window.Plotly.relayout(el, maat(soort, breedte, basis));
            }, 150);
        });
    }

    function start() {
        document.querySelectorAll("[data-figuur]").forEach(teken);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
