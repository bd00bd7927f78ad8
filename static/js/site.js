// Behaviour for every page, as a file (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  // After a form comes back with errors, focus moves to the error summary (GOV.UK pattern),
  // so a screen reader announces it and a keyboard user starts from its links.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // A link that would leave a form with unsaved changes asks first
  // (data-confirm-unsaved="question" on the link, data-unsaved-warning on the form).
  var form = document.querySelector("form[data-unsaved-warning]");
  var changed = false;
  if (form) {
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { changed = false; });
  }
  document.querySelectorAll("a[data-confirm-unsaved]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (changed && !window.confirm(link.getAttribute("data-confirm-unsaved"))) {
        event.preventDefault();
      }
    });
  });
})();
