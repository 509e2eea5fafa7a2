// Moonbase portal: small enhancements; every page works without them.
"use strict";

// Live updates: tables marked data-live get new and changed releases without a reload.
document.querySelectorAll("tbody[data-live]").forEach(function (body) {
  if (!window.EventSource) return;
  var source = new EventSource(body.dataset.live);
  source.addEventListener("release", function (event) {
    var data = JSON.parse(event.data);
    var template = document.createElement("template");
    template.innerHTML = data.html.trim();
    var row = template.content.firstElementChild;
    var existing = body.querySelector('tr[data-id="' + CSS.escape(data.id) + '"]');
    if (existing) existing.replaceWith(row); else body.insertBefore(row, body.firstChild);
    body.querySelectorAll("tr.empty").forEach(function (empty) { empty.remove(); });
    while (body.rows.length > 25) body.deleteRow(-1);
  });
});

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
