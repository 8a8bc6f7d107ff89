package nl.toegang.account.device;

import nl.toegang.mail.MailTimes;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.device.jdbc.JdbcKnownDeviceRepository;
import nl.toegang.config.PublicUrl;
import nl.toegang.account.AccountKeys;
import nl.toegang.lockout.DeviceCookieJar;
import nl.toegang.lockout.DeviceCookies;
import nl.toegang.mail.Mailer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;

/** Wires the known-device store and the new-device notice. */
@Configuration(proxyBeanMethods = false)
public class KnownDeviceConfiguration {

    @Bean
    KnownDeviceRepository knownDeviceRepository(JdbcClient jdbc) {
        return new JdbcKnownDeviceRepository(jdbc);
    }

    @Bean
    NewDeviceNotices newDeviceNotices(AccountRepository accounts, AccountKeys accountKeys,
                                      DeviceCookies deviceCookies, DeviceCookieJar cookieJar,
                                      KnownDeviceRepository devices, Mailer mailer, MessageSource messages,
                                      PublicUrl publicUrl, MailTimes times, Clock clock) {
        return new NewDeviceNotices(accounts, accountKeys, deviceCookies, cookieJar, devices, mailer, messages,
                publicUrl, times, clock);
    }
}
