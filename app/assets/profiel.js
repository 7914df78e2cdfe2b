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
