/* Wijkmonitor: the ranking of the Verkenner's searchable dropdowns (docs/app.md, "Search").
 *
 * The server sends every option with `zoek`: [name, synonyms and topic words, definition and the
 * rest] (app/zoeken.py) and a `gewicht` (headline indicators first). As the user types, the
 * clientside callback `zoeken.rangschik` gives the dropdown only the options that match, best
 * first: the best field with a match (name, then synonyms, then definition, then the label and
 * value), then a match at the start of a word before one inside a word, then the weight, then
 * the list's own order. Typed text matches as Dash's dropdown does (js-search): every typed word,
 * lower case, is part of some word of the option. The matches keep all their words in `search`,
 * so the dropdown's own filter (search_order "original") keeps them, in this order.
 * The selected option stays in the list (the dropdown clears a value missing from its options),
 * after the matches and without `search`: it is shown only when it matches.
 * Also loaded by node in tests/app/test_zoeken.py (module.exports below). */
(function () {
    var SPATIE = /\s+/;

    function woorden(tekst) {
        return String(tekst === undefined || tekst === null ? "" : tekst)
            .toLowerCase().split(SPATIE).filter(Boolean);
    }

    function isLetter(c) {
        return c.toLowerCase() !== c.toUpperCase() || (c >= "0" && c <= "9");
    }

    // One typed word (no white space) in the text of one field: 0 at the start of a word,
    // 1 inside one, -1 not at all. A typed word cannot span two words of the field.
    function treffer(getypt, veld) {
        var beste = -1;
        var p = veld.indexOf(getypt);
        while (p !== -1) {
            if (p === 0 || !isLetter(veld.charAt(p - 1))) { return 0; }
            beste = 1;
            p = veld.indexOf(getypt, p + 1);
        }
        return beste;
    }

    // An option's fields in lower case, computed once per option object (the store's list
    // stays the same object while the user types).
    var cache = typeof WeakMap === "function" ? new WeakMap() : null;
    function velden(optie) {
        var v = cache && cache.get(optie);
        if (!v) {
            v = (optie.zoek || []).concat([String(optie.label) + " " + String(optie.value)])
                .map(function (tekst) { return woorden(tekst).join(" "); });
            if (cache) { cache.set(optie, v); }
        }
        return v;
    }

    // [field rank, inside a word] of an option for the typed words, or null when it does not match.
    function sleutel(optie, getypt) {
        var v = velden(optie);
        var rang = 0, binnen = 0;
        for (var t = 0; t < getypt.length; t++) {
            var gevonden = false;
            for (var i = 0; i < v.length && !gevonden; i++) {
                var m = treffer(getypt[t], v[i]);
                if (m !== -1) {
                    gevonden = true;
                    if (i > rang) { rang = i; binnen = 0; }
                    if (i === rang && m === 1) { binnen = 1; }
                }
            }
            if (!gevonden) { return null; }
        }
        return [rang, binnen];
    }

    function optie(o) { return { label: o.label, value: o.value }; }

    // The options to show for typed text `zoekterm`, best first (all, in order, when empty).
    function rangschik(zoekterm, zoekopties, waarde) {
        var lijst = zoekopties || [];
        var getypt = woorden(zoekterm);
        if (!getypt.length) { return lijst.map(optie); }
        var treffers = [], gekozen = null;
        lijst.forEach(function (o, i) {
            var s = sleutel(o, getypt);
            if (s) {
                treffers.push({ o: o, k: [s[0], s[1], Number(o.gewicht) || 0, i] });
            } else if (waarde !== undefined && waarde !== null && o.value === waarde) {
                gekozen = optie(o);
            }
        });
        treffers.sort(function (a, b) {
            for (var j = 0; j < a.k.length; j++) {
                if (a.k[j] !== b.k[j]) { return a.k[j] - b.k[j]; }
            }
            return 0;
        });
        var uit = treffers.map(function (t) {
            return { label: t.o.label, value: t.o.value, search: (t.o.zoek || []).join(" ") };
        });
        if (gekozen) { uit.push(gekozen); }
        return uit;
    }

    // The dropdown re-indexes every list it gets (js-search, every substring of every word: 60-200
    // ms for the 302 indicators in Chromium, after the Verkenner has drawn the choice). A list
    // closed after a search (an option chosen, or Escape) therefore keeps its matches, which hold
    // the chosen option, and gets the whole list back when it is opened again: `terug` below.
    var getoond = {};  // dropdown id -> the list it has now
    var achter = {};  // dropdown id -> the whole list, held back while the list is closed

    function isDicht(id) {
        var knop = document.getElementById(id);
        return !!knop && knop.getAttribute("aria-expanded") !== "true";
    }

    function bevat(lijst, waarde) {
        return (lijst || []).some(function (o) { return o.value === waarde; });
    }

    // The clientside callback of the searchable dropdowns: rangschik, with the whole list held
    // back after a search as above (only when the search was cleared, not when the list came
    // from the server, and only while the current list still holds the chosen option).
    function rangschikLijst(zoekterm, zoekopties, waarde) {
        var uit = rangschik(zoekterm, zoekopties, waarde);
        var ctx = window.dash_clientside.callback_context || {};
        var id = ctx.outputs_list && ctx.outputs_list.id;
        if (typeof id !== "string") { return uit; }
        var zoekWeg = (ctx.triggered || []).some(function (t) {
            return /\.search_value$/.test(t.prop_id);
        });
        delete achter[id];
        if (zoekWeg && !woorden(zoekterm).length && getoond[id] && getoond[id].gefilterd
                && isDicht(id) && bevat(getoond[id].lijst, waarde)) {
            achter[id] = uit;
            return window.dash_clientside.no_update;
        }
        getoond[id] = { lijst: uit, gefilterd: woorden(zoekterm).length > 0 };
        return uit;
    }

    // Give a list back the options held back for it as it opens: a pointer on it, or a key that
    // opens it without typing (typing ranks the list anew through rangschikLijst).
    var OPEN_TOETSEN = ["Enter", " ", "ArrowDown", "ArrowUp"];
    function terug(e) {
        var plek = e.target && e.target.closest && e.target.closest(".dash-dropdown-wrapper");
        var knop = plek && plek.querySelector("button.dash-dropdown");
        if (!knop || !achter[knop.id]) { return; }
        if (e.type === "keydown" && OPEN_TOETSEN.indexOf(e.key) === -1) { return; }
        var lijst = achter[knop.id];
        delete achter[knop.id];
        getoond[knop.id] = { lijst: lijst, gefilterd: false };
        window.dash_clientside.set_props(knop.id, { options: lijst });
    }

    // How many options are held back for a list (0: none); for tests and debugging.
    function achtergehouden(id) { return (achter[id] || []).length; }

    var api = { rangschik: rangschik, rangschik_lijst: rangschikLijst, achtergehouden: achtergehouden };
    if (typeof window !== "undefined") {
        window.dash_clientside = Object.assign({}, window.dash_clientside, { zoeken: api });
        document.addEventListener("pointerdown", terug, true);
        document.addEventListener("keydown", terug, true);
    }
    if (typeof module !== "undefined" && module.exports) { module.exports = api; }
})();
