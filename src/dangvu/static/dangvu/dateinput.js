/* dangvu: one Vietnamese date (and date-time) input for every form.
 *
 * Enhances <input data-date-input="date|datetime"> (rendered by dangvu.core.forms.DateInput /
 * DateTimeInput): the text box takes dd/mm/yyyy (dd/mm/yyyy HH:MM), tidies what was typed
 * (5/12/2026 → 05/12/2026, 05122026 → 05/12/2026), and a button opens a calendar in Vietnamese
 * (Thứ Hai … Chủ Nhật, Tháng 1 … Tháng 12). No dependency; works after HTMX swaps.
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
(function () {
  "use strict";

  var DAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];
  var DAYS_SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var MIN_YEAR = 1900, MAX_YEAR = 2100;
  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" ' +
    'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="5" width="18" height="16" rx="2"/>' +
    '<path d="M3 10h18M8 3v4M16 3v4"/><path d="M7.5 14h2M11 14h2M14.5 14h2M7.5 17.5h2M11 17.5h2"/></svg>';

  var CSS = [
    ".di-wrap{display:flex;align-items:stretch;gap:.25rem;width:100%;max-width:100%;position:relative}",
    ".inline .di-wrap,td .di-wrap{display:inline-flex;width:auto}",
    ".di-wrap input{min-width:0;flex:1 1 auto}",
    ".di-btn{flex:0 0 auto;display:inline-flex;align-items:center;justify-content:center;border:1px solid #c9ced6;",
    "background:#f6f7f9;border-radius:6px;padding:0 .5rem;cursor:pointer;color:#1d232b;min-width:2.4rem}",
    ".di-btn svg{width:1.15rem;height:1.15rem}",
    ".di-btn:focus-visible{outline:2px solid #0b57a4;outline-offset:1px}",
    ".di-pop{position:absolute;z-index:1000;background:#fff;border:1px solid #c9ced6;border-radius:8px;",
    "box-shadow:0 6px 24px rgba(0,0,0,.18);padding:.6rem;width:19rem;max-width:calc(100vw - 1rem);font-size:.95rem;color:#1d232b}",
    ".di-pop.di-sheet{position:fixed;left:50%;top:50%;transform:translate(-50%,-50%)}",
    ".di-head{display:flex;gap:.3rem;align-items:center;margin-bottom:.4rem}",
    ".di-head select{flex:1 1 auto;min-width:0;padding:.2rem}",
    ".di-nav{border:1px solid #c9ced6;background:#fff;border-radius:6px;width:2rem;height:2rem;cursor:pointer;font-size:1.1rem}",
    ".di-grid{width:100%;border-collapse:collapse;table-layout:fixed}",
    ".di-grid th{font-weight:600;font-size:.8rem;color:#5f6b7a;padding:.2rem 0;text-align:center}",
    ".di-grid td{padding:1px;text-align:center}",
    ".di-day{width:100%;height:2.2rem;border:0;background:none;border-radius:6px;cursor:pointer;font:inherit;color:inherit}",
    ".di-day:hover,.di-day:focus-visible{background:#eaf3fc;outline:none}",
    ".di-day.di-other{color:#a3abb6}",
    ".di-day.di-today{box-shadow:inset 0 0 0 1px #0b57a4}",
    ".di-day.di-sel{background:#b3261e;color:#fff}",
    ".di-sun{color:#b3261e}",
    ".di-foot{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-top:.5rem}",
    ".di-foot label{display:flex;gap:.3rem;align-items:center;margin:0}",
    ".di-foot input{width:4.2rem;padding:.2rem}",
    ".di-foot button{border:1px solid #c9ced6;background:#fff;border-radius:6px;padding:.25rem .6rem;cursor:pointer;font:inherit}",
    ".di-foot .di-spacer{flex:1 1 auto}",
    "input.di-invalid{border-color:#b3261e;background:#fdecec}",
  ].join("");

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function daysIn(y, m) { return new Date(y, m + 1, 0).getDate(); }

  function valid(y, m, d) {
    return y >= MIN_YEAR && y <= MAX_YEAR && m >= 0 && m <= 11 && d >= 1 && d <= daysIn(y, m);
  }

  /* "5/12/2026", "05-12-2026", "05.12.2026", "05122026", "2026-12-05" → {y, m (0-based), d} or null */
  function parseDate(text) {
    var s = (text || "").trim(), r;
    if (!s) return null;
    if ((r = /^(\d{1,2})[\/\-.](\d{1,2})[\/\-.](\d{4})$/.exec(s))) r = [+r[3], +r[2] - 1, +r[1]];
    else if ((r = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) r = [+r[3], +r[2] - 1, +r[1]];
    else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) r = [+r[1], +r[2] - 1, +r[3]];
    else return null;
    return valid(r[0], r[1], r[2]) ? { y: r[0], m: r[1], d: r[2] } : null;
  }

  function parseTime(text) {
    var r = /^(\d{1,2})(?:[:hH.](\d{2}))?$/.exec((text || "").trim());
    if (!r) return null;
    var h = +r[1], mi = r[2] ? +r[2] : 0;
    return h < 24 && mi < 60 ? { h: h, mi: mi } : null;
  }

  /* the date part and the time part of what is in the box */
  function parseValue(text, withTime) {
    var s = (text || "").trim().replace(/\s*,\s*/, " ").replace("T", " ");
    if (!s) return { empty: true };
    var parts = s.split(/\s+/);
    var date = parseDate(parts[0]);
    if (!date) return null;
    if (!withTime) return parts.length === 1 ? { date: date } : null;
    if (parts.length === 1) return { date: date, time: null };
    if (parts.length !== 2) return null;
    var time = parseTime(parts[1]);
    return time ? { date: date, time: time } : null;
  }

  function fmtDate(d) { return pad(d.d) + "/" + pad(d.m + 1) + "/" + d.y; }
  function fmtTime(t) { return pad(t.h) + ":" + pad(t.mi); }

  function today() {
    var n = new Date();
    return { y: n.getFullYear(), m: n.getMonth(), d: n.getDate() };
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  var open = null; // the one calendar shown at a time

  function close(returnFocus) {
    if (!open) return;
    var o = open;
    open = null;
    o.pop.remove();
    o.button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", outside, true);
    if (returnFocus) o.input.focus();
  }

  function outside(ev) {
    if (open && !open.pop.contains(ev.target) && ev.target !== open.button) close(false);
  }

  function tidy(input) {
    var withTime = input.dataset.dateInput === "datetime";
    var v = parseValue(input.value, withTime);
    if (v && v.empty) { input.classList.remove("di-invalid"); input.setCustomValidity(""); return; }
    if (!v) {
      input.classList.add("di-invalid");
      input.setCustomValidity(withTime ? "Ngày giờ không hợp lệ: nhập theo dạng dd/mm/yyyy hh:mm, ví dụ 05/12/2026 14:30."
                                       : "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/12/2026.");
      return;
    }
    input.classList.remove("di-invalid");
    input.setCustomValidity("");
    input.value = fmtDate(v.date) + (withTime && v.time ? " " + fmtTime(v.time) : "");
  }

  function show(input, button) {
    close(false);
    var withTime = input.dataset.dateInput === "datetime";
    var current = parseValue(input.value, withTime) || {};
    var sel = current.date || null;
    var t = today();
    var view = { y: (sel || t).y, m: (sel || t).m };
    var pop = el("div", { "class": "di-pop", role: "dialog", "aria-label": "Chọn ngày", "aria-modal": "false" });

    var head = el("div", { "class": "di-head" });
    var prev = el("button", { type: "button", "class": "di-nav", "aria-label": "Tháng trước", title: "Tháng trước" }, "‹");
    var next = el("button", { type: "button", "class": "di-nav", "aria-label": "Tháng sau", title: "Tháng sau" }, "›");
    var month = el("select", { "aria-label": "Tháng", "class": "di-month" });
    for (var i = 0; i < 12; i++) month.appendChild(el("option", { value: i }, "Tháng " + (i + 1)));
    var year = el("select", { "aria-label": "Năm", "class": "di-year" });
    for (var y = MAX_YEAR; y >= MIN_YEAR; y--) year.appendChild(el("option", { value: y }, "Năm " + y));
    head.append(prev, month, year, next);

    var grid = el("table", { "class": "di-grid", role: "grid" });
    var thead = el("thead"), hr = el("tr");
    DAYS.forEach(function (name, i) {
      var th = el("th", { scope: "col", abbr: name, title: name }, DAYS_SHORT[i]);
      if (i === 6) th.className = "di-sun";
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    var tbody = el("tbody");
    grid.append(thead, tbody);

    var foot = el("div", { "class": "di-foot" });
    var timeBox = null;
    if (withTime) {
      var lab = el("label", {}, "Giờ ");
      timeBox = el("input", { type: "text", inputmode: "numeric", maxlength: "5", placeholder: "hh:mm",
                              "aria-label": "Giờ (hh:mm)", "class": "di-time" });
      timeBox.value = current.time ? fmtTime(current.time) : "08:00";
      lab.appendChild(timeBox);
      foot.appendChild(lab);
    }
    var todayBtn = el("button", { type: "button", "class": "di-today-btn" }, "Hôm nay");
    var clearBtn = el("button", { type: "button", "class": "di-clear" }, "Xóa");
    var closeBtn = el("button", { type: "button", "class": "di-close" }, "Đóng");
    foot.append(todayBtn, clearBtn, el("span", { "class": "di-spacer" }), closeBtn);
    pop.append(head, grid, foot);

    function choose(d) {
      var value = fmtDate(d);
      if (withTime) {
        var tm = parseTime(timeBox.value) || { h: 8, mi: 0 };
        value += " " + fmtTime(tm);
      }
      input.value = value;
      input.classList.remove("di-invalid");
      input.setCustomValidity("");
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(true);
    }

    function render(focusDay) {
      month.value = String(view.m);
      year.value = String(view.y);
      tbody.textContent = "";
      var first = new Date(view.y, view.m, 1);
      var offset = (first.getDay() + 6) % 7; // Monday first
      var start = new Date(view.y, view.m, 1 - offset);
      for (var w = 0; w < 6; w++) {
        var tr = el("tr");
        for (var k = 0; k < 7; k++) {
          var date = new Date(start.getFullYear(), start.getMonth(), start.getDate() + w * 7 + k);
          var d = { y: date.getFullYear(), m: date.getMonth(), d: date.getDate() };
          var b = el("button", { type: "button", "class": "di-day",
                                 "aria-label": DAYS[k] + ", ngày " + fmtDate(d),
                                 "data-date": fmtDate(d) }, String(d.d));
          if (d.m !== view.m) b.classList.add("di-other");
          if (k === 6) b.classList.add("di-sun");
          if (d.y === t.y && d.m === t.m && d.d === t.d) b.classList.add("di-today");
          if (sel && d.y === sel.y && d.m === sel.m && d.d === sel.d) {
            b.classList.add("di-sel");
            b.setAttribute("aria-selected", "true");
          }
          b.addEventListener("click", choose.bind(null, d));
          var td = el("td");
          td.appendChild(b);
          tr.appendChild(td);
        }
        tbody.appendChild(tr);
      }
      if (focusDay) {
        var target = tbody.querySelector(".di-sel") || tbody.querySelector(".di-today") ||
                     tbody.querySelector(".di-day:not(.di-other)");
        if (target) target.focus();
      }
    }

    function shift(months) {
      var d = new Date(view.y, view.m + months, 1);
      if (d.getFullYear() < MIN_YEAR || d.getFullYear() > MAX_YEAR) return;
      view = { y: d.getFullYear(), m: d.getMonth() };
      render(false);
    }

    prev.addEventListener("click", function () { shift(-1); });
    next.addEventListener("click", function () { shift(1); });
    month.addEventListener("change", function () { view.m = +month.value; render(false); });
    year.addEventListener("change", function () { view.y = +year.value; render(false); });
    todayBtn.addEventListener("click", function () { choose(t); });
    clearBtn.addEventListener("click", function () {
      input.value = "";
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(true);
    });
    closeBtn.addEventListener("click", function () { close(true); });
    pop.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); close(true); return; }
      var cur = document.activeElement;
      if (!cur || !cur.classList.contains("di-day")) return;
      var step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[ev.key];
      if (!step) return;
      ev.preventDefault();
      var p = parseDate(cur.dataset.date);
      var nd = new Date(p.y, p.m, p.d + step);
      var want = fmtDate({ y: nd.getFullYear(), m: nd.getMonth(), d: nd.getDate() });
      if (nd.getMonth() !== view.m || nd.getFullYear() !== view.y) {
        view = { y: nd.getFullYear(), m: nd.getMonth() };
        render(false);
      }
      var b = tbody.querySelector('[data-date="' + want + '"]');
      if (b) b.focus();
    });

    // Beside the input on a wide screen; centred on a narrow one (a phone).
    var wrap = input.closest(".di-wrap");
    if (window.innerWidth < 560) {
      pop.classList.add("di-sheet");
      document.body.appendChild(pop);
    } else {
      wrap.appendChild(pop);
      pop.style.left = "0";
      pop.style.top = "calc(100% + 4px)";
      var box = pop.getBoundingClientRect();
      if (box.right > window.innerWidth - 8) pop.style.left = Math.min(0, window.innerWidth - 8 - box.right) + "px";
      if (box.bottom > window.innerHeight && box.top - box.height > 0) {
        pop.style.top = "auto";
        pop.style.bottom = "calc(100% + 4px)";
      }
    }
    open = { pop: pop, input: input, button: button };
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("mousedown", outside, true);
    render(true);
  }

  function enhance(input) {
    if (input.dataset.diReady) return;
    input.dataset.diReady = "1";
    var wrap = el("span", { "class": "di-wrap" });
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var button = el("button", { type: "button", "class": "di-btn", "aria-haspopup": "dialog", "aria-expanded": "false",
                                "aria-label": "Chọn ngày trên lịch", title: "Chọn ngày trên lịch" });
    button.innerHTML = ICON;
    wrap.appendChild(button);
    button.addEventListener("click", function () {
      if (open && open.input === input) close(true); else show(input, button);
    });
    input.addEventListener("blur", function () { tidy(input); });
    input.addEventListener("input", function () {
      if (input.classList.contains("di-invalid") && parseValue(input.value, input.dataset.dateInput === "datetime")) {
        input.classList.remove("di-invalid");
        input.setCustomValidity("");
      }
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && ev.altKey) { ev.preventDefault(); show(input, button); }
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("input[data-date-input]").forEach(enhance);
  }

  function start() {
    if (!document.getElementById("di-style")) {
      var style = el("style", { id: "di-style" });
      style.textContent = CSS;
      document.head.appendChild(style);
    }
    scan(document);
    document.body.addEventListener("htmx:load", function (ev) { scan(ev.target); });
  }

  window.dangvuDateInput = { parse: parseValue, scan: scan };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
