package nl.toegang.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side table: one row per figure with Keycloak's value, Toegang's, their ratio and the target the ratio
 * is held to; printed, and written between {@code <!-- side-by-side:begin -->} and {@code end} in docs/benchmarks.md.
 */
final class SideBySideReport {
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A figure where lower is better or higher is better; the target is on the ratio Toegang / Keycloak. */
    void ratio(String figure, String unit, double keycloak, double toegang, String target, boolean met) {
        String ratio = keycloak > 0 ? "%.2f×".formatted(toegang / keycloak) : "—";
        add(figure, format(keycloak, unit), format(toegang, unit), ratio, target.isEmpty() ? ""
                : (met ? "met: " : "MISSED: ") + target);
    }

    /** A figure of Toegang's alone, held to an absolute or Toegang-internal target. */
    void toegangOnly(String figure, String value, String target, boolean met) {
        add(figure, "—", value, "—", target.isEmpty() ? "" : (met ? "met: " : "MISSED: ") + target);
    }

    void note(String text) {
        notes.add(text);
        System.out.println(text);
    }

    private void add(String figure, String keycloak, String toegang, String ratio, String target) {
        rows.add("| " + figure + " | " + keycloak + " | " + toegang + " | " + ratio + " | " + target + " |");
        System.out.printf(Locale.ROOT, "%-46s %-14s %-14s %-7s %s%n", figure, keycloak, toegang, ratio, target);
    }

    private static String format(double value, String unit) {
        return (Math.abs(value) >= 100 ? "%.0f" : "%.1f").formatted(value) + (unit.isEmpty() ? "" : " " + unit);
    }

    void write(Path doc, String heading) throws IOException {
        String section = "<!-- side-by-side:begin -->\n## " + heading + "\n\n"
                + "| Figure | Keycloak | Toegang | Toegang / Keycloak | Target |\n|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n\n" + String.join("\n", notes.stream().map(n -> "- " + n).toList())
                + "\n<!-- side-by-side:end -->\n";
        String existing = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n";
        String updated = existing.contains("<!-- side-by-side:begin -->")
                ? existing.replaceAll("(?s)<!-- side-by-side:begin -->.*<!-- side-by-side:end -->\n?",
                        java.util.regex.Matcher.quoteReplacement(section))
                : existing + "\n" + section;
        Files.writeString(doc, updated);
    }
}
