package nl.toegang.saml.xml;

/**
 * The one place that calls Santuario's JVM-wide {@code Init.init()}. It is idempotent and synchronized inside
 * xmlsec; every class that uses xmlsec calls {@link #ensureInitialized()} in its constructor.
 */
public final class XmlSecurityInit {
    private XmlSecurityInit() {
    }

    public static void ensureInitialized() {
        org.apache.xml.security.Init.init();
    }
}
