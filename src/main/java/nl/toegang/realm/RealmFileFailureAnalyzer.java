package nl.toegang.realm;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a broken realm file into a short startup message that names the file, the line and the problem. */
class RealmFileFailureAnalyzer extends AbstractFailureAnalyzer<RealmFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RealmFileException cause) {
        return new FailureAnalysis(
                "Realm file " + cause.file() + (cause.line() > 0 ? " line " + cause.line() : "") + ": " + cause.problem(),
                "Fix the realm file and start again. The realm file reference is docs/realm-file.md.",
                cause);
    }
}
