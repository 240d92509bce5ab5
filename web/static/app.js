// kampungkb: small enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Confirm destructive actions.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  // "Back" links (error pages) go back in history; without history they
  // are plain links. (A javascript: URL would be blocked by the CSP.)
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-back]");
    if (a && window.history.length > 1) {
      e.preventDefault();
      window.history.back();
    }
  });

  // Move focus to the error summary so keyboard and screen-reader users
  // hear what to fix.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // Region suggestions: inputs marked data-region-search get a datalist
  // filled from the API while typing (names or codes).
  var n = 0;
  document.querySelectorAll("input[data-region-search], textarea[data-region-search]").forEach(function (el) {
    if (el.tagName !== "INPUT") return;
    var list = document.createElement("datalist");
    list.id = "region-list-" + (++n);
    el.setAttribute("list", list.id);
    el.setAttribute("autocomplete", "off");
    el.parentNode.appendChild(list);
    var level = el.getAttribute("data-level") || "";
    var timer;
    el.addEventListener("input", function () {
      clearTimeout(timer);
      var q = el.value.trim();
      if (q.length < 3) return;
      timer = setTimeout(function () {
        var url = "/api/v1/regions?limit=15&q=" + encodeURIComponent(q) + (level ? "&level=" + level : "");
        fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
          list.textContent = "";
          (data.items || []).forEach(function (h) {
            var o = document.createElement("option");
            o.value = h.code;
            o.label = h.name + (h.path ? " — " + h.path : "");
            o.textContent = o.label;
            list.appendChild(o);
          });
        }).catch(function () {});
      }, 250);
    });
  });
})();
