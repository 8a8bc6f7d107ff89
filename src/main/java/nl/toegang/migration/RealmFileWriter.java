package nl.toegang.migration;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes the realm file for an export: top level, the settings that have an equivalent, and the mapped clients.
 * Strings are written double-quoted with YAML escapes, so no value from the export can change the file's
 * structure. Client secrets appear only as {@code ${VARIABLE}} placeholders.
 */
final class RealmFileWriter {
    private static final int DAY = 86_400;

    String write(String realm, KeycloakExport export, List<MappedClient> clients, Consumer<String> notes) {
        StringBuilder y = new StringBuilder();
        y.append("# yaml-language-server: $schema=../docs/realm.schema.json\n");
        y.append("# Made by `toegang.jar import-keycloak` from a Keycloak export of realm ").append(export.realm())
                .append(export.keycloakVersion().map(v -> " (Keycloak " + v + ")").orElse(""))
                .append(". Reference: docs/realm-file.md\n");
        y.append("name: ").append(q(realm)).append('\n');
        y.append("displayName: ").append(q(export.displayName().orElse(realm))).append('\n');
        StringBuilder settings = new StringBuilder();
        settings(export.settings(), settings, notes);
        if (!settings.isEmpty()) {
            y.append("settings:\n").append(settings);
        }
        if (!clients.isEmpty()) {
            y.append("clients:\n");
            clients.forEach(c -> client(c, y));
        }
        return y.toString();
    }

    private static void settings(KeycloakExport.RealmSettings s, StringBuilder y, Consumer<String> notes) {
        s.defaultLocale().ifPresent(locale -> {
            if (locale.equals("nl") || locale.equals("en")) {
                y.append("  defaultLocale: ").append(locale).append('\n');
            } else {
                notes.accept("defaultLocale: " + locale + " is not offered; Toegang speaks nl and en (nl is the"
                        + " default)");
            }
        });
        s.registrationAllowed().ifPresent(allowed -> y.append("  registrationEnabled: ").append(allowed).append('\n'));
        if (s.verifyEmail().isPresent() && !s.verifyEmail().get()) {
            notes.accept("verifyEmail: false in Keycloak; Toegang requires a verified address by default, so"
                    + " imported accounts with emailVerified false verify it at their next sign-in (set"
                    + " settings.emailVerificationRequired: false to keep Keycloak's behaviour)");
        }
        s.accessTokenLifespan().filter(seconds -> seconds > 0).ifPresent(seconds -> {
            y.append("  accessTokenLifetime: ").append(duration(seconds)).append('\n');
            y.append("  idTokenLifetime: ").append(duration(seconds)).append('\n');
        });
        Optional<Integer> idle = s.ssoSessionIdleTimeout().filter(v -> v >= 60 && v <= 30 * DAY);
        Optional<Integer> max = s.ssoSessionMaxLifespan().filter(v -> v >= 60 && v <= 30 * DAY)
                .filter(v -> idle.map(i -> v >= i).orElse(true));
        idle.ifPresent(v -> y.append("  sessionIdleTimeout: ").append(duration(v)).append('\n'));
        max.ifPresent(v -> y.append("  sessionAbsoluteTimeout: ").append(duration(v)).append('\n'));
        if (s.ssoSessionIdleTimeout().isPresent() && idle.isEmpty()
                || s.ssoSessionMaxLifespan().isPresent() && max.isEmpty()) {
            notes.accept("ssoSessionIdleTimeout/ssoSessionMaxLifespan: outside Toegang's range (1m to 30d, absolute"
                    + " not shorter than idle); Toegang's default kept");
        }
    }

    private static void client(MappedClient c, StringBuilder y) {
        y.append("  - clientId: ").append(q(c.clientId())).append('\n');
        c.name().ifPresent(n -> y.append("    name: ").append(q(n)).append('\n'));
        y.append("    type: ").append(c.confidential() ? "confidential" : "public").append('\n');
        c.secretVariable().ifPresent(v -> y.append("    secret: ").append(q("${" + v + "}")).append('\n'));
        c.jwksUri().ifPresent(u -> y.append("    jwksUri: ").append(q(u)).append('\n'));
        list(y, "redirectUris", c.redirectUris());
        list(y, "postLogoutRedirectUris", c.postLogoutRedirectUris());
        list(y, "grantTypes", c.grantTypes());
        list(y, "scopes", c.scopes());
        c.backchannelLogoutUri().ifPresent(u -> y.append("    backchannelLogoutUri: ").append(q(u)).append('\n'));
        if (c.backchannelLogoutSessionRequired()) {
            y.append("    backchannelLogoutSessionRequired: true\n");
        }
        if (c.requirePushedAuthorizationRequests()) {
            y.append("    requirePushedAuthorizationRequests: true\n");
        }
        if (c.dpopRequired()) {
            y.append("    dpop: required\n");
        }
    }

    private static void list(StringBuilder y, String field, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        y.append("    ").append(field).append(':');
        values.forEach(v -> y.append("\n      - ").append(q(v)));
        y.append('\n');
    }

    private static String duration(int seconds) {
        if (seconds % DAY == 0) {
            return seconds / DAY + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** A YAML double-quoted scalar. */
    static String q(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format("\\x%02x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
