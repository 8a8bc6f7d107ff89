// Password fields marked data-password-tools get a Show/Hide button (aria-pressed) and a Caps Lock hint read out
// politely. The words come from the field's data-show, data-hide and data-caps attributes (the page's language).
// Loaded as a file (CSP script-src 'self'); without JavaScript the field is a plain password field.
(function () {
  'use strict';

  function enhance(field) {
    if (field.hasAttribute('data-password-tools-ready')) {
      return;
    }
    field.setAttribute('data-password-tools-ready', '');
    var wrapper = document.createElement('div');
    wrapper.className = 'password-tools';
    field.parentNode.insertBefore(wrapper, field);
    wrapper.appendChild(field);

    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'secondary-button password-toggle';
    toggle.id = field.id + '-toggle';
    toggle.setAttribute('aria-controls', field.id);
    toggle.setAttribute('aria-pressed', 'false');
    toggle.textContent = field.getAttribute('data-show');
    wrapper.appendChild(toggle);
    toggle.addEventListener('click', function () {
      var show = field.type === 'password';
      field.type = show ? 'text' : 'password';
      toggle.setAttribute('aria-pressed', show ? 'true' : 'false');
      toggle.textContent = field.getAttribute(show ? 'data-hide' : 'data-show');
    });
    // Never let the browser remember or send the field as plain text.
    if (field.form) {
      field.form.addEventListener('submit', function () {
        field.type = 'password';
        toggle.setAttribute('aria-pressed', 'false');
        toggle.textContent = field.getAttribute('data-show');
      });
    }

    // The live region exists (empty) from the start, so screen readers announce the text when it appears.
    var hint = document.createElement('p');
    hint.className = 'caps-hint';
    hint.id = field.id + '-caps';
    hint.setAttribute('aria-live', 'polite');
    wrapper.parentNode.insertBefore(hint, wrapper.nextSibling);
    function caps(event) {
      if (typeof event.getModifierState !== 'function') {
        return;
      }
      hint.textContent = event.getModifierState('CapsLock') ? field.getAttribute('data-caps') : '';
    }
    field.addEventListener('keydown', caps);
    field.addEventListener('keyup', caps);
    field.addEventListener('blur', function () {
      hint.textContent = '';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var fields = document.querySelectorAll('input[data-password-tools]');
    for (var i = 0; i < fields.length; i++) {
      enhance(fields[i]);
    }
  });
})();
