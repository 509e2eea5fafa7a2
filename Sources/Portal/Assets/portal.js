// Moonbase portal: small enhancements; every page works without them.
"use strict";

// Live updates: tables marked data-live get new and changed releases, and cluster badges
// (data-cluster) their new state, without a reload.
(function () {
  var tables = document.querySelectorAll("tbody[data-live]");
  if (!window.EventSource || (tables.length === 0 && !document.querySelector("[data-cluster]"))) return;
  var source = new EventSource(tables.length > 0 ? tables[0].dataset.live : "/events/releases");
  source.addEventListener("release", function (event) {
    var data = JSON.parse(event.data);
    tables.forEach(function (body) {
      var template = document.createElement("template");
      template.innerHTML = data.html.trim();
      var row = template.content.firstElementChild;
      var existing = body.querySelector('tr[data-id="' + CSS.escape(data.id) + '"]');
      if (existing) existing.replaceWith(row); else body.insertBefore(row, body.firstChild);
      body.querySelectorAll("tr.empty").forEach(function (empty) { empty.remove(); });
      while (body.rows.length > 25) body.deleteRow(-1);
    });
  });
  source.addEventListener("cluster", function (event) {
    var data = JSON.parse(event.data);
    document.querySelectorAll('[data-cluster="' + CSS.escape(data.key) + '"]').forEach(function (badge) {
      var template = document.createElement("template");
      template.innerHTML = data.html.trim();
      badge.replaceWith(template.content.firstElementChild);
    });
  });
})();

// Dialogs: a form with data-confirm asks before it posts.
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});

// Filters apply as soon as a choice changes.
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
