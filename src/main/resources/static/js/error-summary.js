// Moves the focus to the error summary when a page answers a form with errors, so a keyboard or screen reader user
// starts at the list of problems; its links then move the focus to the field itself (not only scroll to it).
// Loaded as a file (CSP script-src 'self'); without JavaScript the summary is still at the top of the page.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('error-summary');
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link ? document.getElementById(link.getAttribute('href').substring(1)) : null;
      if (!field) {
        return;
      }
      event.preventDefault();
      // Show the label with the field, as it sits above it.
      var label = document.querySelector('label[for="' + field.id + '"]');
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });
})();
