package nl.toegang.realm;

import java.nio.file.Path;

/**
 * A realm file is broken. The message always names the file, the line (when known) and the problem, because it is
 * what an operator sees when startup stops.
 */
public class RealmFileException extends RuntimeException {
    private final Path file;
    private final int line;
    private final String problem;

    public RealmFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem concerns the file as a whole. */
    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
