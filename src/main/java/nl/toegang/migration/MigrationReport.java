package nl.toegang.migration;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What an import did or, in a dry run, would do: one line per client and account, and every setting or credential
 * that was not carried over. Lines name things (client ids, addresses, setting names), never a secret value.
 */
final class MigrationReport {
    private final List<String> clients = new ArrayList<>();
    private final List<String> accounts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void client(String line) {
        clients.add(line);
    }

    void account(String action, String label, String what) {
        accounts.add(String.format("  %-13s %s: %s", action, label, what));
    }

    void note(String line) {
        notes.add(line);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    void print(PrintStream out) {
        out.println("Clients:");
        clients.forEach(c -> out.println("  " + c));
        if (clients.isEmpty()) {
            out.println("  (none)");
        }
        out.println("Accounts:");
        accounts.forEach(out::println);
        if (accounts.isEmpty()) {
            out.println("  (none)");
        }
        out.println("Not carried over (" + notes.size() + "):");
        notes.forEach(n -> out.println("  - " + n));
    }
}
