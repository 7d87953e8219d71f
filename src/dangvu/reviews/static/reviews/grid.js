/* The results grid of a review stage: the live quota of "excellent" per group as levels are chosen, a warning
   before saving past it, and "take the previous stage's level" for the rows left empty. No dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("review-grid");
  if (!form) { return; }
  var dataNode = document.getElementById("quota-data");
  var groups = dataNode ? JSON.parse(dataNode.textContent) : [];
  var permille = parseInt(form.dataset.ratio || "0", 10);
  var baseKind = form.dataset.base || "good";
  var panel = document.getElementById("quota-confirm");
  var yes = document.getElementById("quota-confirm-yes");
  var no = document.getElementById("quota-confirm-no");
  var list = document.getElementById("quota-confirm-list");

  function rows() { return form.querySelectorAll("tr[data-editable]"); }

  function levelOf(tr) {
    var checked = tr.querySelector("input[type=radio]:checked");
    return checked ? checked.value : (tr.dataset.fallback || "");
  }

  function compute() {
    var counts = {};
    groups.forEach(function (g) { counts[g.key] = {excellent: g.excellent, good: g.good}; });
    rows().forEach(function (tr) {
      var c = counts[tr.dataset.group];
      if (!c) { return; }
      var level = levelOf(tr);
      if (level === "excellent") { c.excellent += 1; } else if (level === "good") { c.good += 1; }
    });
    var over = [];
    groups.forEach(function (g) {
      var c = counts[g.key];
      var base = baseKind === "good_and_above" ? c.good + c.excellent : c.good;
      var limit = Math.floor(base * permille / 1000);
      var line = document.querySelector('.quota-line[data-key="' + g.key + '"]');
      if (!line) { return; }
      line.querySelector(".q-exc").textContent = c.excellent;
      line.querySelector(".q-lim").textContent = limit;
      var state = line.querySelector(".q-state");
      if (c.excellent > limit) {
        state.textContent = "– vượt tỷ lệ " + (c.excellent - limit);
        line.classList.remove("alert-info");
        line.classList.add("alert-error");
        over.push(g.name + ": xuất sắc " + c.excellent + " / tối đa " + limit);
      } else {
        state.textContent = "(còn " + (limit - c.excellent) + ")";
        line.classList.remove("alert-error");
        line.classList.add("alert-info");
      }
    });
    return over;
  }

  function hidePanel() { if (panel) { panel.hidden = true; } }

  form.addEventListener("change", function () { compute(); hidePanel(); });
  form.addEventListener("submit", function (event) {
    var over = compute();
    if (!over.length || !panel || event.submitter === yes) { return; }
    event.preventDefault();
    list.textContent = over.join("; ") + ".";
    panel.hidden = false;
    yes.focus();
  });
  if (no) {
    no.addEventListener("click", function () {
      hidePanel();
      var first = form.querySelector("tr[data-editable] input[type=radio]");
      if (first) { first.focus(); }
    });
  }
  var copy = document.getElementById("copy-prev");
  if (copy) {
    copy.addEventListener("click", function () {
      rows().forEach(function (tr) {
        if (tr.querySelector("input[type=radio]:checked") || !tr.dataset.prev) { return; }
        var radio = tr.querySelector('input[type=radio][value="' + tr.dataset.prev + '"]');
        if (radio) { radio.checked = true; }
      });
      compute();
      hidePanel();
    });
  }
  var errors = document.getElementById("grid-errors");
  if (errors) { errors.focus(); }
  compute();
}());
