package nl.toegang.realm;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Operator command for pipelines: {@code java -jar toegang.jar validate [--profile prod] PATH...} checks realm files
 * with the parser and directory rules startup uses ({@link RealmDirectoryLoader}), without a Spring context: no
 * database, port, key store or data directory is touched. Prints {@code file:line: problem} for the first problem
 * of every broken file (and every realm name declared twice), or a one-line summary when all is well.
 * <p>
 * Exit status: {@value #OK} all files valid, {@value #PROBLEMS} a realm file has a problem, {@value #USAGE} the
 * command line is wrong (unknown option or profile, no path, a path that does not exist).
 */
public final class RealmValidationCommand {
    public static final String NAME = "validate";
    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE = 2;

    /** The only profile whose rules differ for realm files; anything else is refused rather than silently ignored. */
    private static final String PRODUCTION_PROFILE = "prod";
    private static final String USAGE_TEXT = """
            Usage: java -jar toegang.jar validate [--profile prod] PATH...
              Checks realm files as the server does at startup, without starting it.
              PATH               a realms directory (every *.yaml/*.yml in it, and realm names unique across them)
                                 or a single realm file
              --profile prod     also apply the production rules (weak client secrets, seeded users, plain-http
                                 URIs, digid.mock): what SPRING_PROFILES_ACTIVE=prod makes the server refuse
              ${NAME} placeholders are read from this command's environment, as at startup.
            Exit status: 0 all valid, 1 a realm file has a problem, 2 usage error.""";

    private final Function<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param environment looks up {@code ${NAME}} placeholders, {@code System::getenv} from the real entry point
     * @param out         problems and the summary
     * @param err         usage errors
     */
    public RealmValidationCommand(Function<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** Whether the command line asks for this command: its first argument is {@code validate}. */
    public static boolean requested(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** @param args the whole command line, starting with {@code validate}; @return the exit status */
    public int run(String[] args) {
        Optional<Invocation> invocation = parse(args);
        if (invocation.isEmpty()) {
            return USAGE;
        }
        if (invocation.get().help()) {
            out.println(USAGE_TEXT);
            return OK;
        }
        return validate(invocation.get());
    }

    private int validate(Invocation invocation) {
        String profiles = environment.apply("SPRING_PROFILES_ACTIVE");
        if (!invocation.production() && profiles != null
                && Arrays.asList(profiles.replace(" ", "").split(",")).contains(PRODUCTION_PROFILE)) {
            // The image sets SPRING_PROFILES_ACTIVE=prod; the rules are chosen on the command line only, so say so.
            err.println("validate: note: SPRING_PROFILES_ACTIVE names prod, but the production rules apply only with"
                    + " --profile prod");
        }
        RealmDirectoryLoader loader = new RealmDirectoryLoader(new RealmFileParser(environment,
                invocation.production()));
        List<RealmFileException> problems = new ArrayList<>();
        List<RealmDefinition> realms = new ArrayList<>();
        int files = 0;
        for (Path path : invocation.paths()) {
            RealmDirectoryLoader.Inspection inspection;
            try {
                inspection = Files.isDirectory(path) ? loader.inspect(path) : loader.inspectFile(path);
            } catch (RealmFileException e) {
                inspection = new RealmDirectoryLoader.Inspection(List.of(), List.of(), List.of(e));
            }
            files += inspection.files().size();
            realms.addAll(inspection.realms());
            problems.addAll(inspection.problems());
        }
        problems.forEach(problem -> out.println(problem.getMessage())); // file:line: problem, never a secret value
        String rules = invocation.production() ? "production rules" : "development rules";
        if (!problems.isEmpty()) {
            out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + files
                    + (files == 1 ? " realm file" : " realm files") + " (" + rules + ")");
            return PROBLEMS;
        }
        out.println("OK: " + files + (files == 1 ? " realm file" : " realm files") + ", realms "
                + String.join(", ", realms.stream().map(RealmDefinition::name).toList()) + " (" + rules + ")");
        return OK;
    }

    private Optional<Invocation> parse(String[] args) {
        boolean production = false;
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.of(new Invocation(true, false, List.of()));
            }
            String profile = null;
            if (arg.equals("--profile")) {
                if (i + 1 == args.length) {
                    return usage("--profile needs a value: --profile prod");
                }
                profile = args[++i];
            } else if (arg.startsWith("--profile=")) {
                profile = arg.substring("--profile=".length());
            } else if (arg.startsWith("-")) {
                return usage("unknown option '" + arg + "'");
            } else {
                Path path = Path.of(arg);
                if (!Files.exists(path)) {
                    return usage("no such file or directory: " + arg);
                }
                paths.add(path);
            }
            if (profile != null) {
                if (!profile.equals(PRODUCTION_PROFILE)) {
                    return usage("unknown profile '" + profile + "'; only 'prod' changes the rules for realm files"
                            + " (leave --profile out for the development rules)");
                }
                production = true;
            }
        }
        if (paths.isEmpty()) {
            return usage("name a realms directory or realm file, e.g. validate realms");
        }
        return Optional.of(new Invocation(false, production, paths));
    }

    private Optional<Invocation> usage(String problem) {
        err.println("validate: " + problem);
        err.println(USAGE_TEXT);
        return Optional.empty();
    }

    private record Invocation(boolean help, boolean production, List<Path> paths) {
    }
}
