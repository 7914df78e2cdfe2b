/* Wijkprofiel: the 'Afdrukken (A4)' button (shown only when this script runs; Ctrl+P prints the
 * same). The choice form is submitted with its button, never on change: a new page on every
 * arrow key in a list would take the reader elsewhere unasked (WCAG 3.2.2). */
(function () {
    var knop = document.getElementById("profiel-print");
    if (knop) {
        knop.hidden = false;
        knop.addEventListener("click", function () { window.print(); });
    }
})();

/* The default view's definitions sit in a closed <details>: a link to one opens it first, and
 * so does printing (the print stylesheet shows them too). */
(function () {
    var lijst = document.querySelector("details.definities-kort");
    if (!lijst) { return; }
    function open() { lijst.open = true; }
    document.addEventListener("click", function (e) {
        var a = e.target.closest && e.target.closest('a[href^="#def-"]');
        if (a) { open(); }
    });
    if (location.hash.indexOf("#def-") === 0) { open(); }
    window.addEventListener("beforeprint", open);
})();
