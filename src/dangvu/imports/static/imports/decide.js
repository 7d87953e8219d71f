/* The probable duplicates of an import: the counts on «Ghi dữ liệu» follow the choices made on the page, before
   they are saved (they are posted with it). Without the script the button shows the saved choices. */
(function () {
  "use strict";
  var button = document.getElementById("apply-button");
  if (!button) { return; }
  var form = button.form;
  var base = { create: Number(button.dataset.baseCreate), update: Number(button.dataset.baseUpdate) };

  function update() {
    var add = { create: 0, update: 0 };
    form.querySelectorAll('select[name^="quyet-dinh-"]').forEach(function (select) {
      if (select.value in add) { add[select.value] += 1; }
    });
    Object.keys(add).forEach(function (key) {
      var span = button.querySelector('[data-count="' + key + '"]');
      if (span) { span.textContent = (base[key] + add[key]).toLocaleString("vi-VN"); }  // 6.000, as the page
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches('select[name^="quyet-dinh-"]')) { update(); }
  });
  update();
}());
