package nl.toegang.session;

import java.util.List;
import java.util.Optional;

/**
 * Browser and operating system named in a User-Agent, in words people recognise ("Firefox", "Android"). Either is
 * empty when the header does not say; nothing else from the header is shown, so it cannot inject text into a page.
 */
public record Device(Optional<String> browser, Optional<String> system) {
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    private static final List<String[]> BROWSERS = List.of(
            new String[]{"Edg/", "Edge"}, new String[]{"EdgA/", "Edge"}, new String[]{"OPR/", "Opera"},
            new String[]{"SamsungBrowser/", "Samsung Internet"}, new String[]{"Firefox/", "Firefox"},
            new String[]{"FxiOS/", "Firefox"}, new String[]{"CriOS/", "Chrome"}, new String[]{"Chrome/", "Chrome"},
            new String[]{"Version/", "Safari"});
    private static final List<String[]> SYSTEMS = List.of(
            new String[]{"Android", "Android"}, new String[]{"iPhone", "iPhone"}, new String[]{"iPad", "iPad"},
            new String[]{"Windows", "Windows"}, new String[]{"Mac OS X", "macOS"}, new String[]{"CrOS", "ChromeOS"},
            new String[]{"Linux", "Linux"});

    public static Device of(String userAgent) {
        String ua = userAgent == null ? "" : userAgent;
        return new Device(first(ua, BROWSERS), first(ua, SYSTEMS));
    }

    private static Optional<String> first(String ua, List<String[]> table) {
        return table.stream().filter(entry -> ua.contains(entry[0])).map(entry -> entry[1]).findFirst();
    }
}
