// Passkey ceremonies for Toegang's pages. Loaded as a file (CSP script-src 'self'); no inline script anywhere.
// Elements declare what they do with data attributes; the CSRF token comes from <meta name="_csrf">.
(function () {
  'use strict';

  function csrf() {
    var meta = document.querySelector('meta[name="_csrf"]');
    return meta ? meta.getAttribute('content') : '';
  }

  async function post(url, body) {
    var response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf() },
      body: body === undefined ? '{}' : JSON.stringify(body)
    });
    if (response.status === 403) {
      // The account page asks for a recent sign-in before a passkey is added: go there, then try again.
      var answer = await response.json().catch(function () { return {}; });
      if (answer.redirect) {
        window.location.assign(answer.redirect);
        return new Promise(function () {});
      }
    }
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    return response.json();
  }

  function showError() {
    var error = document.getElementById('passkey-error');
    if (error) {
      error.hidden = false;
    }
  }

  function supported() {
    return window.PublicKeyCredential && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';
  }

  // Sign in (passwordless or second factor): options, navigator.credentials.get, answer, follow the redirect.
  async function authenticate(endpoint, mediation, signal) {
    var options = await post(endpoint + '/options');
    var request = { publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey) };
    if (mediation) {
      request.mediation = mediation;
    }
    if (signal) {
      request.signal = signal;
    }
    var credential = await navigator.credentials.get(request);
    var result = await post(endpoint, credential.toJSON());
    window.location.assign(result.redirect);
  }

  async function register(button) {
    var nameField = document.getElementById('passkey-name');
    var endpoint = button.getAttribute('data-endpoint');
    var options = await post(endpoint + '/options');
    var credential = await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey)
    });
    var name = nameField ? nameField.value : '';
    var result = await post(endpoint + '?name=' + encodeURIComponent(name), credential.toJSON());
    window.location.assign(result.redirect);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var login = document.getElementById('passkey-login');
    var second = document.getElementById('passkey-second-factor');
    var add = document.getElementById('passkey-register');
    if (!supported()) {
      [login, second, add].forEach(function (el) { if (el) { el.hidden = true; } });
      return;
    }
    var conditional = null;
    if (login) {
      login.hidden = false;
      var endpoint = login.getAttribute('data-endpoint');
      // Autofill UI: passkeys offered in the email field (autocomplete="username webauthn") while the page is open.
      if (typeof PublicKeyCredential.isConditionalMediationAvailable === 'function') {
        PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
          if (available && login.getAttribute('data-conditional') !== 'off') {
            conditional = new AbortController();
            authenticate(endpoint, 'conditional', conditional.signal).catch(function () { /* dismissed */ });
          }
        });
      }
      login.addEventListener('click', function () {
        if (conditional) {
          conditional.abort();
          conditional = null;
        }
        authenticate(endpoint).catch(showError);
      });
    }
    if (second) {
      second.addEventListener('click', function () {
        authenticate(second.getAttribute('data-endpoint')).catch(showError);
      });
    }
    if (add) {
      add.addEventListener('click', function () {
        register(add).catch(showError);
      });
    }
  });
})();
