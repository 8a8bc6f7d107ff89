package nl.toegang.migration;

/**
 * The export file cannot be read as a Keycloak realm export. The message names the place in the file (a JSON path
 * such as {@code users[2].credentials[0].secretData}) and what is wrong, never a value from the file.
 */
public class MalformedExportException extends RuntimeException {
    public MalformedExportException(String where, String problem) {
        super(where + ": " + problem);
    }
}
