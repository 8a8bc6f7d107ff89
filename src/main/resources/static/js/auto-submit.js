// Submits forms marked data-auto-submit once the page has loaded (SAML HTTP-POST binding). Loaded as a file
// (CSP script-src 'self'); without JavaScript the form's own submit button does the same.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var forms = document.querySelectorAll('form[data-auto-submit]');
    for (var i = 0; i < forms.length; i++) {
      forms[i].submit();
    }
  });
})();
