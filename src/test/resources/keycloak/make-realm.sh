#!/bin/sh
# Passwords here are test-only; KeycloakImportRoundTripTest signs in with them. See docs/migrating-from-keycloak.md.
# Builds the 'gemeente' realm in a Keycloak 26.5.6 started with `bin/kc.sh start-dev --http-port=18080`.
set -eu
KC=${KC:-/tmp/kc/keycloak-26.5.6}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
adm() { "$KC/bin/kcadm.sh" "$@"; }
adm config credentials --server http://127.0.0.1:18080 --realm master --user admin --password admin-pass-kc
adm create realms -s realm=gemeente -s enabled=true -s displayName='Gemeente Voorbeeld' \
  -s internationalizationEnabled=true -s 'supportedLocales=["nl","en"]' -s defaultLocale=nl \
  -s 'passwordPolicy=length(12)'
adm create clients -r gemeente -s clientId=portal-web -s name='Portaal web' -s publicClient=false \
  -s secret=Kc-portal-web-secret-0123456789abcdef -s standardFlowEnabled=true -s serviceAccountsEnabled=true \
  -s directAccessGrantsEnabled=false -s 'redirectUris=["https://portaal.example.org/login/callback"]' \
  -s 'webOrigins=["https://portaal.example.org"]' \
  -s 'attributes={"post.logout.redirect.uris":"https://portaal.example.org/","pkce.code.challenge.method":"S256"}'
adm create clients -r gemeente -s clientId=mobile-app -s name='Mobiele app' -s publicClient=true \
  -s standardFlowEnabled=true -s directAccessGrantsEnabled=true \
  -s 'redirectUris=["nl.example.app:/callback","http://127.0.0.1/callback"]' \
  -s 'attributes={"pkce.code.challenge.method":"S256"}'
user() { # email first last locale
  adm create users -r gemeente -s username="$1" -s email="$1" -s firstName="$2" -s lastName="$3" \
    -s emailVerified=true -s enabled=true -s "attributes={\"locale\":[\"$4\"]}"
}
password() { # algorithm email password
  adm update realms/gemeente -s "passwordPolicy=length(12) and hashAlgorithm($1)"
  adm set-password -r gemeente --username "$2" --new-password "$3"
}
user anna.sha256@example.org Anna Jansen nl
password pbkdf2-sha256 anna.sha256@example.org 'Anna-Sha256-Wachtwoord'
user bram.sha512@example.org Bram 'de Vries' en
password pbkdf2-sha512 bram.sha512@example.org 'Bram-Sha512-Password'
user carla.argon2@example.org Carla Bakker nl
password argon2 carla.argon2@example.org 'Carla-Argon2-Wachtwoord'
user dirk.sha1@example.org Dirk Visser en
password pbkdf2 dirk.sha1@example.org 'Dirk-Legacy-Sha1-Password'
# TOTP: a user imported with an otp credential (partial import), then a password like the others.
adm create partialImport -r gemeente -s ifResourceExists=FAIL -f - <<'JSON'
{"users":[{"username":"eva.totp@example.org","email":"eva.totp@example.org","firstName":"Eva","lastName":"Smit",
  "emailVerified":true,"enabled":true,"attributes":{"locale":["nl"]},
  "credentials":[{"type":"otp","userLabel":"Telefoon",
    "secretData":"{\"value\":\"Jx4kQ9mW2pR7tV5nZ8bC\"}",
    "credentialData":"{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}"}]}]}
JSON
password pbkdf2-sha256 eva.totp@example.org 'Eva-Totp-Wachtwoord-1'
# A disabled user who never verified the address (carried over as such).
adm create users -r gemeente -s username=frank.disabled@example.org -s email=frank.disabled@example.org \
  -s firstName=Frank -s lastName=Mulder -s emailVerified=false -s enabled=false
password argon2 frank.disabled@example.org 'Frank-Disabled-Password'
