package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/**
 * What {@code sub} relying parties see for email accounts ({@code settings.subjectType}). DigiD identities always get
 * a pairwise {@code sub}, whatever this says.
 * <ul>
 *   <li>{@link #PUBLIC}: the account id, the same for every client of the realm;</li>
 *   <li>{@link #PAIRWISE}: a value per sector (a client's {@code sectorIdentifier}, else its redirect host), so
 *       clients of different sectors cannot correlate people (OIDC Core §8.1).</li>
 * </ul>
 */
public enum SubjectType {
    PUBLIC, PAIRWISE;

    public static final List<String> NAMES = List.of("public", "pairwise");

    static Optional<SubjectType> parse(String value) {
        return switch (value) {
            case "public" -> Optional.of(PUBLIC);
            case "pairwise" -> Optional.of(PAIRWISE);
            default -> Optional.empty();
        };
    }

    /** Name as written in realm files and in discovery ({@code subject_types_supported}). */
    public String fileName() {
        return this == PUBLIC ? "public" : "pairwise";
    }
}
