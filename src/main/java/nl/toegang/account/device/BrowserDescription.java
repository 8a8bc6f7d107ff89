package nl.toegang.account.device;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which browser and operating system a User-Agent header names, in the words people use ("Firefox", "Windows"), for
 * the new-device notice. Approximate on purpose: the header is chosen by the browser (or an attacker), so the mail
 * presents it as what the browser said, not as proof. Versions are left out; they mean nothing to most readers.
 *
 * @param browser the browser's name, when recognised
 * @param system  the operating system or device, when recognised
 */
public record BrowserDescription(Optional<String> browser, Optional<String> system) {
    private static final int MAX_LENGTH = 512;

    /** Order matters: Edge, Opera and Samsung Internet also say "Chrome"; Chrome also says "Safari". */
    private static final List<Rule> BROWSERS = List.of(
            new Rule("Edge", "Edg(e|A|iOS)?/"),
            new Rule("Opera", "OPR/|Opera"),
            new Rule("Samsung Internet", "SamsungBrowser/"),
            new Rule("Firefox", "Firefox/|FxiOS/"),
            new Rule("Chrome", "(Headless)?Chrome/|CriOS/"),
            new Rule("Safari", "Version/[\\d.]+.*Safari/"));

    /** iPhone and iPad before "Mac OS X" (they say "like Mac OS X"); Android before Linux; Chrome OS before Linux. */
    private static final List<Rule> SYSTEMS = List.of(
            new Rule("iPhone", "iPhone"),
            new Rule("iPad", "iPad"),
            new Rule("Android", "Android"),
            new Rule("Windows", "Windows"),
            new Rule("macOS", "Macintosh|Mac OS X"),
            new Rule("ChromeOS", "CrOS"),
            new Rule("Linux", "Linux|X11"));

    public BrowserDescription {
        browser = browser == null ? Optional.empty() : browser;
        system = system == null ? Optional.empty() : system;
    }

    public static BrowserDescription of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new BrowserDescription(Optional.empty(), Optional.empty());
        }
        String ua = userAgent.length() > MAX_LENGTH ? userAgent.substring(0, MAX_LENGTH) : userAgent;
        return new BrowserDescription(first(BROWSERS, ua), first(SYSTEMS, ua));
    }

    private static Optional<String> first(List<Rule> rules, String userAgent) {
        return rules.stream().filter(r -> r.pattern().matcher(userAgent).find()).map(Rule::name).findFirst();
    }

    private record Rule(String name, Pattern pattern) {
        Rule(String name, String regex) {
            this(name, Pattern.compile(regex));
        }
    }
}
