package nl.toegang.migration;

import nl.toegang.account.AccountRepository;
import nl.toegang.config.CoreBeans;
import nl.toegang.crypto.MasterKey;
import nl.toegang.mfa.totp.TotpCredentialRepository;
import nl.toegang.realm.RealmFileException;
import nl.toegang.realm.RealmFileParser;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Operator command: {@code java -jar toegang.jar import-keycloak EXPORT.json --realm NAME [--dry-run] [--out DIR]}.
 * Reads a Keycloak realm export, writes the realm file {@code DIR/NAME.yaml} and puts the accounts into the database
 * the server is configured for (without opening a port), then prints a report of what was carried over and what
 * was not. Idempotent; {@code --dry-run} writes nothing. No secret from the export is ever printed.
 * <p>
 * Exit status: {@value #OK} done (also when some things could not be carried over: the report lists them),
 * {@value #FAILED} the export or the database could not be used, {@value #USAGE} the command line is wrong.
 */
public final class KeycloakImportCommand {
    public static final String NAME = "import-keycloak";
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    private static final Pattern REALM_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String USAGE_TEXT = """
            Usage: java -jar toegang.jar import-keycloak EXPORT.json --realm NAME [--dry-run] [--out DIR]
              Reads a Keycloak realm export (kc.sh export --realm NAME --users same_file --file EXPORT.json),
              writes the realm file DIR/NAME.yaml and imports the accounts into the server's database.
              --realm NAME    the realm in the export; also the Toegang realm name
              --dry-run       print what would happen; write nothing
              --out DIR       where the realm file goes (default: realms)
              --key=value     server settings as for the server itself, e.g. --spring.profiles.active=prod or
                              --spring.datasource.url=...; the environment (TOEGANG_DB_URL, ...) works as well
            Exit status: 0 done, 1 the export or the database could not be used, 2 usage error.""";

    private final PrintStream out;
    private final PrintStream err;

    public KeycloakImportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Whether the command line asks for this command: its first argument is {@code import-keycloak}. */
    public static boolean requested(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** @param args the whole command line, starting with {@code import-keycloak}; @return the exit status */
    public int run(String[] args) {
        Optional<Invocation> parsed = parse(args);
        if (parsed.isEmpty()) {
            return USAGE;
        }
        Invocation invocation = parsed.get();
        if (invocation.help()) {
            out.println(USAGE_TEXT);
            return OK;
        }
        try {
            return importExport(invocation);
        } catch (MalformedExportException e) {
            err.println(NAME + ": " + invocation.export() + " is not a usable Keycloak export: " + e.getMessage());
            return FAILED;
        } catch (ImportFailure e) {
            err.println(NAME + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int importExport(Invocation invocation) {
        KeycloakExport export = new KeycloakExportReader().read(readExport(invocation.export()), invocation.realm());
        MigrationReport report = new MigrationReport();
        export.realmNotes().forEach(report::note);
        List<MappedClient> clients = new ArrayList<>();
        ClientMapping mapping = new ClientMapping();
        for (KeycloakClient client : export.clients()) {
            mapping.map(client, report::note).ifPresent(mapped -> {
                clients.add(mapped);
                report.client(mapped.clientId() + ": " + (mapped.confidential() ? "confidential" : "public") + ", "
                        + String.join(", ", mapped.grantTypes()) + "; " + mapped.redirectUris().size()
                        + " redirect URI(s), " + mapped.postLogoutRedirectUris().size() + " post-logout URI(s)");
            });
        }
        String yaml = new RealmFileWriter().write(invocation.realm(), export, clients, report::note);
        checkWithRealmReader(yaml, invocation.realm(), clients);

        out.println("Keycloak export of realm " + export.realm() + export.keycloakVersion()
                .map(v -> " (Keycloak " + v + ")").orElse("") + ": " + export.clients().size() + " clients, "
                + export.users().size() + " users" + (invocation.dryRun() ? "; DRY RUN: nothing is written" : ""));
        Map<AccountImporter.Result, Integer> counts = importAccounts(invocation, export, report);
        String realmFile = realmFile(invocation, yaml);
        out.println("Realm file " + invocation.out().resolve(invocation.realm() + ".yaml") + ": " + realmFile);
        report.print(out);
        int created = counts.getOrDefault(AccountImporter.Result.CREATED, 0);
        String summary = (invocation.dryRun() ? "would create " : "created ") + created + " account(s), "
                + counts.getOrDefault(AccountImporter.Result.UNCHANGED, 0) + " unchanged, "
                + counts.getOrDefault(AccountImporter.Result.NOT_IMPORTED, 0) + " not imported, "
                + counts.getOrDefault(AccountImporter.Result.SKIPPED, 0) + " skipped; realm file " + realmFile;
        if (invocation.dryRun()) {
            out.println("Dry run, nothing written: " + summary);
        } else if (created == 0 && (realmFile.equals("unchanged") || realmFile.startsWith("left"))) {
            out.println("Nothing changed: " + summary);
        } else {
            out.println("Done: " + summary);
        }
        return OK;
    }

    private Map<AccountImporter.Result, Integer> importAccounts(Invocation invocation, KeycloakExport export,
                                                               MigrationReport report) {
        String defaultLocale = export.settings().defaultLocale().filter(l -> l.equals("nl") || l.equals("en"))
                .orElse("nl");
        List<Class<?>> sources = new ArrayList<>(List.of(MigrationDatabase.class));
        List<String> args = new ArrayList<>(invocation.springArgs());
        args.add("--logging.level.root=WARN");
        if (invocation.dryRun()) {
            args.add("--spring.flyway.enabled=false"); // migrating the schema would be a write
        } else {
            sources.add(CoreBeans.class); // the master key encrypts TOTP keys, as in the server
        }
        SpringApplication app = new SpringApplication(sources.toArray(Class<?>[]::new));
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        if (invocation.dryRun()) {
            app.addListeners(KeycloakImportCommand::openOnlyExistingH2Database);
        }
        Map<AccountImporter.Result, Integer> counts = new EnumMap<>(AccountImporter.Result.class);
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            Clock clock = Clock.systemUTC();
            Optional<TransactionTemplate> tx = invocation.dryRun() ? Optional.empty()
                    : Optional.of(context.getBean(TransactionTemplate.class));
            var totp = tx.map(t -> TotpCredentialRepository.jdbc(jdbc, t, context.getBean(MasterKey.class)));
            boolean noDatabaseYet = invocation.dryRun() && !hasAccountTable(jdbc);
            if (noDatabaseYet) {
                out.println("No Toegang database at the configured location yet; the first real run creates it.");
            }
            var importer = new AccountImporter(AccountRepository.jdbc(jdbc, clock), totp, tx, clock,
                    noDatabaseYet);
            for (KeycloakUser user : export.users()) {
                counts.merge(importer.importUser(invocation.realm(), user, defaultLocale, report), 1, Integer::sum);
            }
        } catch (DataAccessException e) {
            throw new ImportFailure("the database could not be used: " + rootMessage(e));
        } catch (ImportFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImportFailure("the server's database could not be opened: " + rootMessage(e));
        }
        return counts;
    }

    /**
     * Connecting to an embedded H2 file database creates the file; a dry run must not, so it opens the database only
     * if it exists already.
     */
    private static void openOnlyExistingH2Database(org.springframework.context.ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            var environment = prepared.getEnvironment();
            String url = environment.getProperty("spring.datasource.url", "");
            if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS")) {
                environment.getPropertySources().addFirst(new MapPropertySource("import-keycloak-dry-run",
                        Map.of("spring.datasource.url", url + ";IFEXISTS=TRUE")));
            }
        }
    }

    private static boolean hasAccountTable(JdbcClient jdbc) {
        try {
            jdbc.sql("SELECT COUNT(*) FROM account WHERE 1 = 0").query(Long.class).single();
            return true;
        } catch (DataAccessException | IllegalStateException absent) {
            return false;
        }
    }

    /** Writes the realm file unless it is there already; never overwrites a file someone may have edited. */
    private String realmFile(Invocation invocation, String yaml) {
        Path file = invocation.out().resolve(invocation.realm() + ".yaml");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).equals(yaml) ? "unchanged"
                        : "left as it is (it exists and differs from the export; remove it to write it again)";
            }
            if (invocation.dryRun()) {
                return "would be written";
            }
            Files.createDirectories(invocation.out());
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return "written";
        } catch (IOException e) {
            throw new ImportFailure("cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * The realm file must pass the reader the server starts with. Secret placeholders resolve to a stand-in here
     * only; the server reads the real value from the environment.
     */
    private static void checkWithRealmReader(String yaml, String realm, List<MappedClient> clients) {
        Set<String> variables = clients.stream().flatMap(c -> c.secretVariable().stream())
                .collect(Collectors.toSet());
        Path temp = null;
        try {
            temp = Files.createTempFile("toegang-import-", ".yaml");
            Files.writeString(temp, yaml, StandardCharsets.UTF_8);
            new RealmFileParser(name -> variables.contains(name) ? "stand-in-secret-for-checking-only-0123456789"
                    : null, false).parse(temp);
        } catch (RealmFileException e) {
            throw new ImportFailure("the realm file made from the export for realm " + realm + " does not pass the"
                    + " realm reader (" + e.problem() + " at line " + e.line() + "); nothing was written");
        } catch (IOException e) {
            throw new ImportFailure("cannot check the realm file: " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temporary file without secrets; the OS cleans it up
                }
            }
        }
    }

    private static String readExport(Path export) {
        try {
            return Files.readString(export, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImportFailure("no such file: " + export);
        } catch (IOException e) {
            throw new ImportFailure("cannot read " + export + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private Optional<Invocation> parse(String[] args) {
        Path export = null;
        String realm = null;
        boolean dryRun = false;
        Path outDir = Path.of("realms");
        List<String> spring = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.of(new Invocation(true, null, null, false, null, List.of()));
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.equals("--realm") || arg.equals("--out")) {
                if (i + 1 == args.length) {
                    return usage(arg + " needs a value");
                }
                String value = args[++i];
                if (arg.equals("--realm")) {
                    realm = value;
                } else {
                    outDir = Path.of(value);
                }
            } else if (arg.startsWith("--realm=")) {
                realm = arg.substring("--realm=".length());
            } else if (arg.startsWith("--out=")) {
                outDir = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                spring.add(arg);
            } else if (arg.startsWith("-")) {
                return usage("unknown option '" + arg + "'");
            } else if (export != null) {
                return usage("name one export file, not '" + export + "' and '" + arg + "'");
            } else {
                export = Path.of(arg);
            }
        }
        if (export == null) {
            return usage("name the export file, e.g. import-keycloak gemeente-realm.json --realm gemeente");
        }
        if (realm == null) {
            return usage("name the realm: --realm NAME");
        }
        if (!REALM_NAME.matcher(realm).matches()) {
            return usage("realm name '" + realm + "' is not a Toegang realm name (a-z, 0-9 and -, starting with a"
                    + " letter or digit, at most 63 characters)");
        }
        return Optional.of(new Invocation(false, export, realm, dryRun, outDir, List.copyOf(spring)));
    }

    private Optional<Invocation> usage(String problem) {
        err.println(NAME + ": " + problem);
        err.println(USAGE_TEXT);
        return Optional.empty();
    }

    private record Invocation(boolean help, Path export, String realm, boolean dryRun, Path out,
                              List<String> springArgs) {
    }

    /** A problem the operator can fix, reported as one line without a stack trace. */
    private static final class ImportFailure extends RuntimeException {
        ImportFailure(String message) {
            super(message);
        }
    }
}
