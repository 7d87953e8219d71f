/* Organisation and member pickers (dangvu.organizations.pickers.PickerWidget): search as you type, choose with the
   keyboard (↓ ↑ Enter, Esc closes, Backspace in an empty box removes the last choice) or the mouse.
   Only the chosen values live in the page, as hidden inputs. No dependency. */
(function () {
  "use strict";
  if (window.dangvuPicker) return;
  window.dangvuPicker = true;

  function setup(root) {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "1";
    var box = root.querySelector(".picker-q");
    var list = root.querySelector(".picker-results");
    var chosen = root.querySelector(".picker-chosen");
    var multiple = root.dataset.multiple === "1";
    var timer = null, seq = 0, active = -1;

    function options() { return Array.prototype.slice.call(list.querySelectorAll(".picker-option")); }
    function close() { list.hidden = true; box.setAttribute("aria-expanded", "false"); box.removeAttribute("aria-activedescendant"); active = -1; }
    function highlight(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function load() {
      var mine = ++seq;
      var url = root.dataset.url + "&q=" + encodeURIComponent(box.value);
      fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (mine !== seq) return;
          list.innerHTML = html;
          options().forEach(function (o, k) { o.id = box.id + "_opt" + k; });
          list.hidden = false;
          box.setAttribute("aria-expanded", "true");
          active = -1;
        });
    }
    function choose(opt) {
      clearTimeout(timer); seq++;  // a search still waiting or on its way must not reopen the list over the form
      var value = opt.dataset.value;
      if (!multiple) chosen.innerHTML = "";
      var exists = Array.prototype.some.call(chosen.querySelectorAll("input"), function (i) { return i.value === value; });
      if (!exists) {
        var li = document.createElement("li");
        li.className = "picker-chip";
        var input = document.createElement("input");
        input.type = "hidden"; input.name = root.dataset.name; input.value = value;
        var span = document.createElement("span"); span.textContent = opt.dataset.label;
        var small = document.createElement("small"); small.textContent = opt.dataset.context;
        var btn = document.createElement("button");
        btn.type = "button"; btn.className = "picker-remove"; btn.textContent = "×";
        btn.setAttribute("aria-label", "Bỏ chọn " + opt.dataset.label);
        li.appendChild(input); li.appendChild(span); li.appendChild(small); li.appendChild(btn);
        chosen.appendChild(li);
      }
      box.value = "";
      close();
      box.focus();
    }

    box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 200); });
    box.addEventListener("focus", function () { if (!list.innerHTML) load(); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) load(); else highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter") {
        e.preventDefault();  // never submits the form from the search box
        var opts = options();
        if (!list.hidden && opts.length) choose(opts[active >= 0 ? active : 0]);
      } else if (e.key === "Escape") { close(); }
      else if (e.key === "Backspace" && !box.value) {
        var last = chosen.lastElementChild;
        if (last) last.remove();
      }
    });
    list.addEventListener("mousedown", function (e) {
      var opt = e.target.closest(".picker-option");
      if (opt) { e.preventDefault(); choose(opt); }
    });
    chosen.addEventListener("click", function (e) {
      if (e.target.classList.contains("picker-remove")) { e.target.closest("li").remove(); box.focus(); }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function scan(node) { (node || document).querySelectorAll("[data-picker]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { scan(); });
  else scan();
  document.addEventListener("htmx:afterSettle", function (e) { scan(e.target); });
})();
