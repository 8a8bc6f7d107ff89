package nl.toegang.migration;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.mfa.totp.TotpCredential;
import nl.toegang.mfa.totp.TotpCredentialRepository;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts one Keycloak user into the database as an account (and its authenticator app as a confirmed TOTP factor),
 * or says why not. An account that is already there (same id) is left exactly as it is: after the first run people
 * sign in, change passwords and factors, and a second run must not undo that. So the import is idempotent by
 * construction, and a dry run differs from a real one only in not writing.
 */
final class AccountImporter {
    private static final int ID_LENGTH = 36;

    private final AccountRepository accounts;
    /** Empty in a dry run: nothing is written, and the master key is not even needed. */
    private final Optional<TotpCredentialRepository> totp;
    private final Optional<TransactionTemplate> tx;
    private final Clock clock;
    /** A dry run against a database that does not exist yet: nothing to look up, every account would be new. */
    private final boolean noDatabaseYet;

    AccountImporter(AccountRepository accounts, Optional<TotpCredentialRepository> totp,
                    Optional<TransactionTemplate> tx, Clock clock, boolean noDatabaseYet) {
        this.accounts = accounts;
        this.noDatabaseYet = noDatabaseYet;
        this.totp = totp;
        this.tx = tx;
        this.clock = clock;
    }

    /** What happened to one user. */
    enum Result { CREATED, UNCHANGED, NOT_IMPORTED, SKIPPED }

    Result importUser(String realm, KeycloakUser user, String defaultLocale, MigrationReport report) {
        String who = "user " + user.label() + ": ";
        if (user.serviceAccountOf().isPresent()) {
            report.note(who + "service account of client " + user.serviceAccountOf().get() + "; the client's"
                    + " client_credentials grant needs no account");
            return Result.SKIPPED;
        }
        if (user.email().isEmpty()) {
            report.note(who + "has no email address; Toegang accounts sign in with their address; not imported");
            return Result.NOT_IMPORTED;
        }
        user.federationLink().ifPresent(link -> report.note(who + "comes from user federation; its password is in"
                + " that directory, not in the export"));
        String id = accountId(realm, user, report);
        if (!noDatabaseYet && accounts.findById(realm, id).isPresent()) {
            report.account("unchanged", user.label(), "already imported; left as it is");
            return Result.UNCHANGED;
        }
        Optional<Account> sameAddress = noDatabaseYet ? Optional.empty()
                : accounts.findByEmail(realm, user.email().get());
        if (sameAddress.isPresent()) {
            report.note(who + "realm " + realm + " already has an account with this address that did not come"
                    + " from this export; left as it is, not imported");
            return Result.NOT_IMPORTED;
        }
        Optional<KeycloakCredential.Password> password = first(user, KeycloakCredential.Password.class);
        List<KeycloakCredential.Otp> otps = user.credentials().stream()
                .filter(KeycloakCredential.Otp.class::isInstance).map(KeycloakCredential.Otp.class::cast).toList();
        notMapped(user, who, otps, report);
        String locale = user.locale().filter(l -> l.equals("nl") || l.equals("en")).orElse(defaultLocale);
        if (user.locale().isPresent() && !user.locale().get().equals(locale)) {
            report.note(who + "locale " + user.locale().get() + " is not offered; " + locale + " used");
        }
        Account account = new Account(id, realm, user.email().get(), user.displayName(), locale,
                user.emailVerified(), password.map(p -> p.hash().encoded()), user.enabled(), user.createdAt(),
                Optional.empty(), Optional.empty());
        StringBuilder what = new StringBuilder(password.map(p -> "password " + p.algorithm()
                + " (kept until the first sign-in)").orElse("no password"));
        if (!otps.isEmpty()) {
            what.append(", authenticator app");
        }
        if (!user.enabled()) {
            what.append(", disabled");
        }
        if (!user.emailVerified()) {
            what.append(", address not verified");
        }
        if (tx.isEmpty()) {
            report.account("would create", user.label(), what.toString());
            return Result.CREATED;
        }
        boolean created = Boolean.TRUE.equals(tx.get().execute(status -> {
            if (!accounts.insertIfAbsent(account)) {
                return false;
            }
            otps.stream().findFirst().ifPresent(otp -> {
                var credential = TotpCredential.pending(realm, id, otp.secret(), otp.parameters(),
                        user.createdAt());
                totp.orElseThrow().savePending(credential);
                totp.get().confirmPending(realm, id, otp.secret(), clock.instant());
            });
            return true;
        }));
        if (!created) {
            report.note(who + "an account with this address appeared meanwhile; not imported");
            return Result.NOT_IMPORTED;
        }
        report.account("created", user.label(), what.toString());
        return Result.CREATED;
    }

    private static void notMapped(KeycloakUser user, String who, List<KeycloakCredential.Otp> otps,
                                  MigrationReport report) {
        user.credentials().stream().filter(KeycloakCredential.NotMapped.class::isInstance)
                .map(KeycloakCredential.NotMapped.class::cast)
                .forEach(n -> report.note(who + n.type() + " credential not carried over: " + n.reason()));
        if (otps.size() > 1) {
            report.note(who + (otps.size() - 1) + " more authenticator app(s) not carried over; Toegang keeps one"
                    + " per account (the first, Keycloak's preferred one, is)");
        }
        if (user.credentials().stream().noneMatch(c -> c instanceof KeycloakCredential.Password
                || c instanceof KeycloakCredential.NotMapped n && n.type().equals("password"))) {
            report.note(who + "has no password in the export; the person sets one with 'forgot password'");
        }
        if (!user.requiredActions().isEmpty()) {
            report.note(who + "pending Keycloak required actions " + String.join(", ", user.requiredActions())
                    + " are not carried over");
        }
        if (!user.otherAttributes().isEmpty()) {
            report.note(who + "attributes " + String.join(", ", user.otherAttributes()) + " not carried over");
        }
        if (!user.roles().isEmpty()) {
            report.note(who + String.join(", ", user.roles()) + " not carried over");
        }
    }

    /**
     * Keycloak's user id, so that {@code sub} stays the same for relying parties of a realm with public subjects.
     * An id that does not fit becomes a name-based UUID of it: the same on every run, so the import stays idempotent.
     */
    private static String accountId(String realm, KeycloakUser user, MigrationReport report) {
        if (user.id().length() <= ID_LENGTH && user.id().matches("[A-Za-z0-9-]+")) {
            return user.id();
        }
        String id = UUID.nameUUIDFromBytes(("keycloak:" + realm + ":" + user.id()).getBytes(StandardCharsets.UTF_8))
                .toString();
        report.note("user " + user.label() + ": Keycloak id does not fit Toegang's account id; " + id + " used, so"
                + " its sub differs from Keycloak's");
        return id;
    }

    private static <T extends KeycloakCredential> Optional<T> first(KeycloakUser user, Class<T> type) {
        return user.credentials().stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
