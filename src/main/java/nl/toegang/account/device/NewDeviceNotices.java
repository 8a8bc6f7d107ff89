package nl.toegang.account.device;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.config.PublicUrl;
import nl.toegang.account.AccountKeys;
import nl.toegang.lockout.DeviceCookieJar;
import nl.toegang.lockout.DeviceCookies;
import nl.toegang.mail.MailRequest;
import nl.toegang.mail.MailTimes;
import nl.toegang.mail.Mailer;
import nl.toegang.realm.RealmDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Emails an account holder when a sign-in to their email account has been completed from a browser that account has
 * not used before (docs/accounts.md, "New-device notice"). Called once per completed login, after the last factor, by
 * {@code login.LoginCompletion} for email accounts (password, password + second factor, passkey); never for DigiD.
 *
 * <p>A browser is known for an account when it presents a valid device cookie ({@link DeviceCookies}: HMACed,
 * bound to the account) whose device id is remembered for that account in {@link KnownDeviceRepository}. The cookie
 * alone is not enough, because the password step issues it before a second factor has been given.
 *
 * <p>The account's first remembered browser is recorded without a mail: right after registration (or the first
 * sign-in since this feature exists) there is no earlier browser to compare with, and a warning would only alarm.
 * The mail says what happened, when, and which browser and system the browser named; never an IP address (no
 * geolocation either), password, code or token.
 */
public class NewDeviceNotices {
    private static final Logger log = LoggerFactory.getLogger(NewDeviceNotices.class);
    static final String TEMPLATE = "new-device";

    private final AccountRepository accounts;
    private final AccountKeys accountKeys;
    private final DeviceCookies deviceCookies;
    private final DeviceCookieJar cookieJar;
    private final KnownDeviceRepository devices;
    private final Mailer mailer;
    private final MessageSource messages;
    private final PublicUrl publicUrl;
    private final MailTimes times;
    private final Clock clock;

    public NewDeviceNotices(AccountRepository accounts, AccountKeys accountKeys, DeviceCookies deviceCookies,
                            DeviceCookieJar cookieJar, KnownDeviceRepository devices, Mailer mailer,
                            MessageSource messages, PublicUrl publicUrl, MailTimes times, Clock clock) {
        this.times = times;
        this.accounts = accounts;
        this.accountKeys = accountKeys;
        this.deviceCookies = deviceCookies;
        this.cookieJar = cookieJar;
        this.devices = devices;
        this.mailer = mailer;
        this.messages = messages;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /**
     * Records this browser for the account (setting its device cookie when it has no valid one) and, when the
     * browser is new to an account that has used another browser before, queues the notice.
     */
    public void signInCompleted(RealmDefinition realm, String accountId, SignInMethod method,
                                HttpServletRequest request, HttpServletResponse response) {
        if (!realm.notices().newDeviceEmail()) {
            return;
        }
        Optional<Account> found = accounts.findById(realm.name(), accountId);
        if (found.isEmpty()) {
            return;
        }
        Account account = found.get();
        String accountKey = accountKeys.of(realm.name(), account.email());
        Optional<String> device = cookieJar.current(request, realm.name())
                .flatMap(cookie -> deviceCookies.trustedDeviceId(cookie, accountKey));
        Instant now = clock.instant();
        if (device.isPresent() && devices.isKnown(realm.name(), accountId, device.get())) {
            devices.touch(realm.name(), accountId, device.get(), now);
            if (method == SignInMethod.PASSKEY) {
                // The password step refreshes the cookie; a passkey login keeps it alive here.
                cookieJar.write(request, response, realm.name(), deviceCookies.issue(accountKey, device));
            }
            return;
        }
        String deviceId;
        if (device.isPresent()) {
            deviceId = device.get();
        } else {
            String cookie = deviceCookies.issue(accountKey, Optional.empty());
            deviceId = deviceCookies.trustedDeviceId(cookie, accountKey).orElseThrow();
            cookieJar.write(request, response, realm.name(), cookie);
        }
        devices.forgetUnusedSince(realm.name(), accountId, now.minus(deviceCookies.lifetime()));
        boolean firstBrowser = !devices.hasAny(realm.name(), accountId);
        // Only the request that adds the device mails: a double submit or a race sends one notice, not two.
        if (devices.add(realm.name(), accountId, deviceId, now) && !firstBrowser) {
            send(realm, account, method, request.getHeader(HttpHeaders.USER_AGENT), now);
        }
    }

    private void send(RealmDefinition realm, Account account, SignInMethod method, String userAgent, Instant at) {
        Locale locale = Locale.forLanguageTag(account.locale() != null ? account.locale()
                : realm.settings().defaultLocale());
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", realm.displayName());
        model.put("when", times.format(at, locale));
        model.put("zoneName", times.zoneName(locale));
        model.put("how", messages.getMessage("mail.new-device.how." + method.key(), null, locale));
        model.put("device", describe(BrowserDescription.of(userAgent), locale));
        String issuer = publicUrl.issuer(realm.name());
        model.put("resetUrl", issuer + "/forgot");
        model.put("consoleUrl", issuer + "/account");
        mailer.send(new MailRequest(realm.name(), account.email(), locale, TEMPLATE, model, false));
        log.info("new-device notice queued for account {} in realm {}", account.id(), realm.name());
    }

    private String describe(BrowserDescription description, Locale locale) {
        String unknownBrowser = messages.getMessage("mail.new-device.browser.unknown", null, locale);
        String browser = description.browser().orElse(unknownBrowser);
        return description.system()
                .map(system -> messages.getMessage("mail.new-device.device", new Object[]{browser, system}, locale))
                .orElse(browser);
    }
}
