/* dangvu: small page behaviours, no framework.
   1. Lists on a phone. Every `table.table` with a header row becomes a stack of cards below 640px
   (the CSS in app.css does the layout). This script only copies, once per table, each column header's text
   into `data-label` on the column's cells and the header's `key` / `minor` classes onto the cells:
   `<th class="key">` columns come first on a card (the first one, or else the first column, as its title), `<th class="minor">`
   columns are hidden on a phone. `<table class="table nocards">` keeps the plain table (entry grids). */
(function () {
  "use strict";
  function label(table) {
    if (table.dataset.cards === "1" || table.classList.contains("nocards")) return;
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    var cols = [];
    Array.prototype.forEach.call(head.cells, function (th) {
      var span = th.colSpan || 1;
      for (var i = 0; i < span; i++) {
        cols.push({ text: (th.textContent || "").replace(/\s+/g, " ").trim(),
                    key: th.classList.contains("key"), minor: th.classList.contains("minor") });
      }
    });
    var lead = -1;
    cols.forEach(function (c, i) { if (c.key && lead < 0) lead = i; });
    if (lead < 0) lead = 0;  // no key column named: the first column is the title
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (tr) {
        var at = 0;
        Array.prototype.forEach.call(tr.cells, function (td) {
          var span = td.colSpan || 1, col = cols[at];
          if (span >= cols.length || !col) {
            td.classList.add("card-whole");
          } else {
            if (col.text && !td.hasAttribute("data-label")) td.setAttribute("data-label", col.text);
            if (col.key) td.classList.add("key");
            if (col.minor) td.classList.add("minor");
            if (at === lead) td.classList.add("card-title");
          }
          at += span;
        });
      });
    });
    table.classList.add("cards");
    table.dataset.cards = "1";
  }
  function run(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("table.table")) label(scope);
    Array.prototype.forEach.call(scope.querySelectorAll("table.table"), label);
  }
  document.addEventListener("DOMContentLoaded", function () { run(document); });
  /* 2. Menu groups (<details class="navgroup">): one open at a time, closed by a click elsewhere or Escape. */
  function closeGroups(except) {
    Array.prototype.forEach.call(document.querySelectorAll("details.navgroup[open]"), function (d) {
      if (d !== except) d.open = false;
    });
  }
  document.addEventListener("click", function (e) {
    closeGroups(e.target.closest ? e.target.closest("details.navgroup") : null);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeGroups(null); });
  document.addEventListener("htmx:load", function (e) { run(e.target); });
})();
