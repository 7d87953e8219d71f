/* Attendance of a chi bộ meeting: "all present" in one click, then only the exceptions are corrected;
   a live count of who is marked. No dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("attendance-form");
  if (!form) { return; }
  var count = document.getElementById("attendance-count");

  function update() {
    var rows = form.querySelectorAll("tr[data-member]");
    var present = 0, marked = 0;
    rows.forEach(function (tr) {
      var checked = tr.querySelector("input[type=radio]:checked");
      if (checked) { marked += 1; if (checked.value === "present") { present += 1; } }
    });
    if (count) {
      count.textContent = "Có mặt " + present + "/" + rows.length +
        (marked < rows.length ? "; chưa điểm danh " + (rows.length - marked) : "") + ".";
    }
  }

  var all = document.getElementById("all-present");
  if (all) {
    all.addEventListener("click", function () {
      form.querySelectorAll("tr[data-member]").forEach(function (tr) {
        var radio = tr.querySelector('input[type=radio][value="present"]');
        if (radio) { radio.checked = true; }
      });
      update();
      var first = form.querySelector('tr[data-member] input[type=radio][value="present"]');
      if (first) { first.focus(); }
    });
  }
  form.addEventListener("change", update);
  var errors = document.getElementById("attendance-errors");
  if (errors) { errors.focus(); }
  update();
}());
