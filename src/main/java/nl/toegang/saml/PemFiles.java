package nl.toegang.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads PEM files: PKCS#8 RSA private keys and X.509 certificate chains. Errors name the file, never its content. */
public final class PemFiles {
    private PemFiles() {
    }

    public static PrivateKey privateKey(Path file) {
        String pem = read(file);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + " is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----);"
                    + " convert with openssl pkcs8 -topk8 -nocrypt");
        }
        return rsaPrivateKey(base64Body(pem, "PRIVATE KEY"));
    }

    public static PrivateKey rsaPrivateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 private key");
        }
    }

    public static List<X509Certificate> certificates(Path file) {
        return certificates(read(file).getBytes(StandardCharsets.US_ASCII));
    }

    public static List<X509Certificate> certificates(byte[] pemOrDer) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            factory.generateCertificates(new ByteArrayInputStream(pemOrDer))
                    .forEach(c -> result.add((X509Certificate) c));
            if (result.isEmpty()) {
                throw new IllegalArgumentException("no certificate found");
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
        }
    }

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base64Body(String pem, String type) {
        int start = pem.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length();
        int end = pem.indexOf("-----END " + type + "-----", start);
        return Base64.getMimeDecoder().decode(pem.substring(start, end));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
