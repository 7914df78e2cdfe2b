/* Wijkmonitor: small client-side helpers (no network access, no third-party code).
 * 1. clientside callbacks (close the alert, print);
 * 2. accessibility repairs of Dash 4 dropdowns: the visible <label> becomes part of the
 *    accessible name (without ids of elements Dash did not draw), and the keyboard focus target
 *    is no longer hidden from screen readers;
 * 3. print: open every <details> (table alternatives, definitions) and redraw every chart at
 *    the A4 text width before printing;
 * 4. typing in an open dropdown: Dash 4.4 focuses the selected option when a dropdown with a
 *    value opens (click, Enter, arrow key), and the typed text was lost; a printable key pressed
 *    on an option now moves the focus to the dropdown's search box, which receives the key;
 * 5. no redraw of a chart that already has the size of its box (see below);
 * 6. a plain click on a row of the ranking beside the map chooses that area in place (the row is
 *    a link to the view with the area chosen, for a new tab or without scripts): it sets the
 *    area dropdown, as a choice there does, and the page asks the server for what changed;
 * 7. server-escaped HTML (the ranking, the tables beside the charts: components.ruwe_html)
 *    arrives in a `data-html` attribute and is moved into its element here, by the browser's
 *    own parser, the moment React writes it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wijkmonitor: {
        sluitMelding: function () { return true; },
        afdrukken: function (n) { if (n) { window.print(); } return window.dash_clientside.no_update; }
    }
});

(function () {
    function labelFor(id) {
        return id ? document.getElementById(id + "-label") : null;
    }

    function repairDropdowns(root) {
        var wrappers = (root.querySelectorAll ? root : document).querySelectorAll(".dash-dropdown-wrapper");
        wrappers.forEach(function (w) {
            var btn = w.querySelector("button.dash-dropdown");
            if (!btn) { return; }
            var label = labelFor(btn.id);
            // Dash names the button by "<id>-value-count <id>-value", but draws the count only for
            // a multiple choice and the value only once one is chosen: an id that is not in the
            // page is left out (the HTML standard and the Nu checker ask for existing ids). Dash's
            // own ids are remembered, so the value joins the name as soon as it is drawn.
            var ids = (btn.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
            var dashIds = (btn.getAttribute("data-dash-labelledby") || "").split(" ").filter(Boolean);
            ids.forEach(function (id) {
                if ((!label || id !== label.id) && dashIds.indexOf(id) === -1) { dashIds.push(id); }
            });
            if (btn.getAttribute("data-dash-labelledby") !== dashIds.join(" ")) {
                btn.setAttribute("data-dash-labelledby", dashIds.join(" "));
            }
            var wanted = (label ? [label.id] : []).concat(dashIds.filter(function (id) {
                return document.getElementById(id) !== null;
            }));
            if (wanted.length && btn.getAttribute("aria-labelledby") !== wanted.join(" ")) {
                btn.setAttribute("aria-labelledby", wanted.join(" "));
            }
            var focus = w.querySelector(".dash-dropdown-focus-target");
            if (focus) {
                if (focus.getAttribute("aria-hidden") === "true") { focus.removeAttribute("aria-hidden"); }
                if (label && focus.getAttribute("aria-labelledby") !== label.id) {
                    focus.setAttribute("aria-labelledby", label.id);
                }
            }
        });
    }

    // An open dropdown: a list of native radio buttons labelled by the control's <label>
    // (Dash renders role=option labels around focusable radios: nested interactive controls).
    function repairOpenDropdowns() {
        document.querySelectorAll(".dash-dropdown-content").forEach(function (content) {
            var owner = document.querySelector("button.dash-dropdown[aria-controls='" + content.id + "']")
                || document.querySelector("button.dash-dropdown[aria-expanded='true']");
            var label = owner ? labelFor(owner.id) : null;
            if (owner && owner.getAttribute("aria-haspopup") !== "dialog") {
                owner.setAttribute("aria-haspopup", "dialog");
            }
            // The popover is a dialog: it takes its accessible name from the control's label.
            if (label && content.getAttribute("role") === "dialog"
                    && content.getAttribute("aria-labelledby") !== label.id) {
                content.setAttribute("aria-labelledby", label.id);
            }
            var search = content.querySelector("input.dash-dropdown-search");
            if (label && search && search.getAttribute("aria-label") !== "Zoek in " + label.textContent) {
                search.setAttribute("aria-label", "Zoek in " + label.textContent);
            }
            content.querySelectorAll(".dash-dropdown-options[role='listbox']").forEach(function (list) {
                list.setAttribute("role", "radiogroup");
            });
            content.querySelectorAll(".dash-dropdown-options").forEach(function (list) {
                if (label && list.getAttribute("aria-labelledby") !== label.id) {
                    list.setAttribute("aria-labelledby", label.id);
                }
            });
            content.querySelectorAll("[role='option']").forEach(function (option) {
                option.removeAttribute("role");
                option.removeAttribute("aria-selected");
            });
        });
    }

    var scheduled = false;
    function schedule() {
        if (scheduled) { return; }
        scheduled = true;
        window.requestAnimationFrame(function () {
            scheduled = false;
            repairDropdowns(document);
            repairOpenDropdowns();
        });
    }

    function start() {
        repairDropdowns(document);
        new MutationObserver(schedule).observe(document.body, {
            subtree: true, childList: true, attributes: true,
            attributeFilter: ["aria-labelledby", "aria-hidden", "role", "aria-expanded"]
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }

    // 4. A printable key in an open dropdown, while the focus is on an option, on the popover or
    // still on the control that opened it, is written into the dropdown's search box (the same
    // input event React sees from typing) and the focus moves there. Done by hand, not left to
    // the browser: the popover moves the focus to the selected option a moment after it opens,
    // and a key pressed in between was lost.
    var zetWaarde = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    document.addEventListener("keydown", function (e) {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) { return; }
        var el = document.activeElement;
        if (!el || !el.closest || el.matches("input.dash-dropdown-search")) { return; }
        var content = el.closest(".dash-dropdown-content");
        if (!content && el.matches("button.dash-dropdown[aria-expanded='true']")) {
            content = document.getElementById(el.getAttribute("aria-controls"));
        }
        var search = content ? content.querySelector("input.dash-dropdown-search") : null;
        if (!search || (e.key === " " && !search.value)) { return; }  // Space picks an option
        e.preventDefault();
        e.stopPropagation();
        search.focus();
        zetWaarde.call(search, search.value + e.key);
        search.dispatchEvent(new Event("input", { bubbles: true }));
    }, true);

    // Charts keep the pixel width they were drawn with; on paper that is cut off at the right
    // edge. Before printing, every chart is redrawn at the A4 text width (186 mm = 703 CSS px,
    // less a margin), and afterwards at its screen width again.
    var A4_BREEDTE = 680;
    var herteken = [];
    function grafiekenNaarA4() {
        herteken = [];
        if (!window.Plotly) { return; }
        document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
            if (!gd._fullLayout || gd.offsetParent === null) { return; }
            herteken.push(gd);
            window.Plotly.relayout(gd, { width: A4_BREEDTE, autosize: false });
        });
    }
    function grafiekenTerug() {
        herteken.forEach(function (gd) {
            window.Plotly.relayout(gd, { width: null, autosize: true });
        });
        herteken = [];
    }

    var opened = [];
    window.addEventListener("beforeprint", function () {
        grafiekenNaarA4();
        opened = [];
        // Table alternatives and indicator information; per-row definitions stay closed (the
        // print stylesheet hides them: the profile must fit A4 width).
        document.querySelectorAll("details:not([open]):not(.cel-details)").forEach(function (d) {
            d.setAttribute("open", "");
            opened.push(d);
        });
    });
    window.addEventListener("afterprint", function () {
        grafiekenTerug();
        opened.forEach(function (d) { d.removeAttribute("open"); });
        opened = [];
    });

    // 5. dcc.Graph calls Plotly.Plots.resize whenever its box changes size, also when only its
    // height changed because the new figure is taller (another title line, more bars), and
    // plotly then waits 100 ms and redraws the whole chart at the size it already has: a
    // quarter of the Verkenner's time for a new indicator or level (docs/performance.md).
    // A chart whose drawn width and height equal its box's (plotly's own autosize test: within
    // 1 px) is left alone; any other resize (a narrower window, a box that was hidden) goes on.
    // So is a chart that is not drawn at all (display: none above it, as the map's cell when the
    // year's areas have no boundaries): plotly would wait 100 ms and draw it at its default
    // 700 x 450 px out of sight; shown again, its box grows from nothing and the resize comes then.
    function pastAl(gd) {
        var fl = gd && gd._fullLayout;
        if (!fl || !gd.isConnected) { return false; }
        if (gd.getClientRects().length === 0) { return true; }
        var stijl = window.getComputedStyle(gd);
        var breed = parseFloat(stijl.width), hoog = parseFloat(stijl.height);
        // A block out of sight ([hidden]: visibility hidden, height 0, wijkmonitor.css) keeps
        // its charts at their width, not at their height: only the width has to fit there.
        var uitZicht = !!gd.closest("[hidden]");
        return Math.abs(breed - fl.width) <= 1 && (uitZicht || Math.abs(hoog - fl.height) <= 1);
    }
    function bewaakResize() {
        var plots = window.Plotly && window.Plotly.Plots;
        if (!plots || !plots.resize || plots.resize.wijkmonitor) { return; }
        var resize = plots.resize;
        plots.resize = function (gd) {
            var el = typeof gd === "string" ? document.getElementById(gd) : gd;
            if (pastAl(el)) { return Promise.resolve(el); }
            return resize.apply(this, arguments);
        };
        plots.resize.wijkmonitor = true;
    }
    bewaakResize();
    document.addEventListener("DOMContentLoaded", bewaakResize);

    // dcc.Graph notices a change of its box by a ResizeObserver on the graph's elements, waits
    // 50 ms, marks the graph pending and asks for a resize; pastAl then lets it pass when the
    // chart already fits its box (a new figure of another height) or is not drawn at all
    // (display: none above it: the map's cell for a level without boundaries). Nothing is drawn,
    // but the page changed 50 ms after it was drawn: the end of every indicator and level
    // change (docs/performance.md). Those reports are dropped here, for a graph's elements
    // only; any other (a narrower box, a graph shown again) reaches dcc.Graph as before.
    function grafiekPastAl(entry) {
        var el = entry.target;
        var grafiek = el.closest ? el.closest(".dash-graph") : null;
        var gd = grafiek ? grafiek.querySelector(".js-plotly-plot") : null;
        return !!gd && pastAl(gd);
    }
    if (typeof window.ResizeObserver === "function" && !window.ResizeObserver.wijkmonitor) {
        var ResizeObserverOrigineel = window.ResizeObserver;
        var ResizeObserverGefilterd = function (callback) {
            return new ResizeObserverOrigineel(function (entries, observer) {
                var nodig = entries.filter(function (e) { return !grafiekPastAl(e); });
                if (nodig.length) { callback(nodig, observer); }
            });
        };
        ResizeObserverGefilterd.prototype = ResizeObserverOrigineel.prototype;
        ResizeObserverGefilterd.wijkmonitor = true;
        window.ResizeObserver = ResizeObserverGefilterd;
    }

    // 6. the ranking's rows choose their area in place (a modified click opens a new tab).
    document.addEventListener("click", function (e) {
        var link = e.target.closest ? e.target.closest(".rang-lijst a[data-gebied]") : null;
        var dc = window.dash_clientside;
        if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey
                || e.altKey || !dc || !dc.set_props) { return; }
        e.preventDefault();
        var code = link.getAttribute("data-gebied");
        var gefocust = document.activeElement === link;
        dc.set_props("verkenner-gebied", { value: code });
        if (!gefocust) { return; }
        // The answer redraws the ranking: the keyboard focus returns to the chosen row.
        var vak = link.closest(".rang-vak") || document.body;
        var wacht = new MutationObserver(function () {
            var nieuw = vak.querySelector(".rang-lijst a.gekozen");
            if (nieuw && nieuw !== link && nieuw.getAttribute("data-gebied") === code) {
                wacht.disconnect();
                nieuw.focus();
            }
        });
        wacht.observe(vak, { childList: true, subtree: true });
        setTimeout(function () { wacht.disconnect(); }, 10000);
    });

    // 7. data-html -> the element's content. React writes the attribute (a new element, or a
    // changed value); the observer's callback runs before the browser paints. The attribute is
    // removed once moved: React compares with its own last props, so an unchanged value is
    // never written again, and a changed one is written (and moved) anew.
    function zetHtml(el) {
        var tekst = el.getAttribute("data-html");
        if (tekst === null) { return; }
        el.innerHTML = tekst;
        el.removeAttribute("data-html");
    }
    function zetAlleHtml(root) {
        if (root.nodeType !== 1) { return; }
        if (root.hasAttribute("data-html")) { zetHtml(root); }
        root.querySelectorAll("[data-html]").forEach(zetHtml);
    }
    function bewaakHtml() {
        zetAlleHtml(document.body);
        new MutationObserver(function (mutaties) {
            mutaties.forEach(function (m) {
                if (m.type === "attributes") { zetHtml(m.target); }
                else { m.addedNodes.forEach(zetAlleHtml); }
            });
        }).observe(document.body, {subtree: true, childList: true, attributes: true,
                                   attributeFilter: ["data-html"]});
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", bewaakHtml);
    } else {
        bewaakHtml();
    }
})();
