package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.nio.file.Path;
import java.time.Clock;

/** What every part of the parser needs while reading one file: where errors point and how values are resolved. */
record ParseContext(Path file, Placeholders placeholders, boolean production, MappingObserver observer,
                    Clock clock) {

    ParseContext(Path file, Placeholders placeholders, boolean production) {
        this(file, placeholders, production, MappingObserver.NONE, Clock.systemUTC());
    }

    RealmFileException error(int line, String problem) {
        return new RealmFileException(file, line, problem);
    }

    RealmFileException error(Node node, String problem) {
        return error(lineOf(node), problem);
    }

    /** The scalar's value with placeholders replaced. */
    String text(ScalarNode node) {
        try {
            return placeholders.resolve(node.getValue());
        } catch (Placeholders.UnresolvablePlaceholderException e) {
            throw error(node, e.getMessage());
        }
    }

    /** 1-based line where the node starts (SnakeYAML marks are 0-based). */
    static int lineOf(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
