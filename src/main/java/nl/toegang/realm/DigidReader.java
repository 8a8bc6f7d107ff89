package nl.toegang.realm;

import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.IdpMetadataReader;
import nl.toegang.saml.PemFiles;
import nl.toegang.saml.DigidLevel;
import nl.toegang.saml.SamlValidationException;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the optional {@code digid:} block of a realm file. */
final class DigidReader {
    static final List<String> FIELDS = List.of("mock", "idpMetadata", "entityId", "signingKey", "signingCertificate",
            "tlsClientKey", "tlsClientCertificate", "defaultLevel", "allowedLevels", "sector", "authnRequestBinding",
            "idpTlsTrust");
    private static final Pattern SECTOR = Pattern.compile("s\\d{8}");
    private static final String LEVELS = "basis, midden, substantieel, hoog";

    private DigidReader() {
    }

    static DigidSettings read(YamlMapping digid, ParseContext context) {
        boolean mock = digid.bool("mock").orElse(false);
        if (mock && context.production()) {
            throw context.error(digid.lineOf("mock"), "digid.mock is for development only; it hands out logins for"
                    + " any BSN. Configure idpMetadata and certificates for the real DigiD in production");
        }
        Optional<Path> metadata = file(digid, "idpMetadata", context);
        if (mock && metadata.isPresent()) {
            throw context.error(digid.lineOf("idpMetadata"), "digid has both mock: true and idpMetadata; keep one");
        }
        if (!mock && metadata.isEmpty()) {
            throw context.error(digid.line(), "digid needs idpMetadata (the IdP's SAML metadata file), or mock: true"
                    + " for development");
        }
        metadata.ifPresent(file -> checkMetadata(file, digid.lineOf("idpMetadata"), context));
        Optional<Path> signingKey = file(digid, "signingKey", context);
        Optional<Path> signingCert = file(digid, "signingCertificate", context);
        Optional<Path> tlsKey = file(digid, "tlsClientKey", context);
        Optional<Path> tlsCert = file(digid, "tlsClientCertificate", context);
        pair(digid, "signingKey", signingKey, "signingCertificate", signingCert, mock, context);
        pair(digid, "tlsClientKey", tlsKey, "tlsClientCertificate", tlsCert, mock, context);

        DigidLevel defaultLevel = digid.string("defaultLevel").map(v -> level(v, "defaultLevel", context))
                .orElse(DigidLevel.MIDDEN);
        List<DigidLevel> allowed = new ArrayList<>();
        for (LocatedString value : digid.strings("allowedLevels").orElse(List.of())) {
            DigidLevel level = level(value, "allowedLevels", context);
            if (!allowed.contains(level)) {
                allowed.add(level);
            }
        }
        if (allowed.isEmpty()) {
            Arrays.stream(DigidLevel.values()).filter(l -> l.isAtLeast(defaultLevel)).forEach(allowed::add);
        }
        allowed.sort(null); // enum order is the level order
        if (!allowed.contains(defaultLevel)) {
            throw context.error(digid.lineOf("defaultLevel"), "digid.defaultLevel must be one of allowedLevels");
        }
        String sector = digid.string("sector").map(value -> {
            if (!SECTOR.matcher(value.value()).matches()) {
                throw context.error(value.line(), "digid.sector must look like s00000000 (s and 8 digits)");
            }
            return value.value();
        }).orElse("s00000000");
        Optional<String> entityId = digid.string("entityId").map(LocatedString::value);
        AuthnRequestBinding binding = digid.string("authnRequestBinding").map(value -> switch (value.value()) {
            case "redirect" -> AuthnRequestBinding.REDIRECT;
            case "post" -> AuthnRequestBinding.POST;
            default -> throw context.error(value.line(), "unknown digid.authnRequestBinding '" + value.value()
                    + "'; allowed: redirect (signed query string), post (auto-submitting form, enveloped signature)");
        }).orElse(AuthnRequestBinding.REDIRECT);
        Optional<Path> tlsTrust = file(digid, "idpTlsTrust", context);
        if (tlsTrust.isPresent() && mock) {
            throw context.error(digid.lineOf("idpTlsTrust"), "digid.idpTlsTrust is for a real IdP; the mock's back"
                    + " channel trusts the mock's own certificate");
        }
        tlsTrust.ifPresent(file -> checkCertificates(file, digid.lineOf("idpTlsTrust"), context));
        return new DigidSettings(mock, metadata, entityId, signingKey, signingCert, tlsKey, tlsCert, defaultLevel,
                allowed, sector, binding, tlsTrust, digid.line());
    }

    /**
     * Reads the IdP metadata now, so that a file Toegang would refuse at the first DigiD login (not SAML metadata, or
     * an endpoint over plain http) stops startup instead, naming this realm file and line and the metadata file.
     */
    private static void checkMetadata(Path file, int line, ParseContext context) {
        try {
            IdpMetadataReader.read(file, new IdpEndpointRule(context.production()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw context.error(line, "digid.idpMetadata: " + e.getMessage()); // names the metadata file
        } catch (SamlValidationException e) {
            throw context.error(line, "digid.idpMetadata: " + file + ": " + e.getMessage());
        }
    }

    /** A trust bundle without a certificate would silently fall back to nothing trusted: refuse it at startup. */
    private static void checkCertificates(Path file, int line, ParseContext context) {
        try {
            if (PemFiles.certificates(file).isEmpty()) {
                throw context.error(line, "digid.idpTlsTrust: " + file + " holds no certificate; give the PEM"
                        + " certificates to trust for the IdP's TLS endpoints");
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw context.error(line, "digid.idpTlsTrust: " + file + ": " + e.getMessage());
        }
    }

    private static void pair(YamlMapping digid, String keyField, Optional<Path> key, String certField,
                             Optional<Path> cert, boolean mock, ParseContext context) {
        if (key.isPresent() != cert.isPresent()) {
            String missing = key.isPresent() ? certField : keyField;
            throw context.error(digid.line(), "digid has " + (key.isPresent() ? keyField : certField)
                    + " but not " + missing + "; give both");
        }
        if (!mock && key.isEmpty()) {
            throw context.error(digid.line(), "digid needs " + keyField + " and " + certField + " (PEM files) for"
                    + " the real IdP; only the mock generates development keys");
        }
    }

    private static Optional<Path> file(YamlMapping digid, String field, ParseContext context) {
        return digid.string(field).map(value -> {
            Path base = context.file().toAbsolutePath().getParent();
            Path path = base == null ? Path.of(value.value()) : base.resolve(value.value());
            if (!Files.isReadable(path)) {
                throw context.error(value.line(), "digid." + field + " file '" + value.value()
                        + "' does not exist or is not readable (relative paths start at the realm file's directory)");
            }
            return path;
        });
    }

    private static DigidLevel level(LocatedString value, String field, ParseContext context) {
        try {
            return DigidLevel.valueOf(value.value().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw context.error(value.line(), "unknown digid." + field + " '" + value.value() + "'; allowed: "
                    + LEVELS);
        }
    }
}
