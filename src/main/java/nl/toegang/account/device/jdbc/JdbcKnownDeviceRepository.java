package nl.toegang.account.device.jdbc;

import nl.toegang.account.device.KnownDeviceRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/** {@link KnownDeviceRepository} on {@code known_device} (V14__known_device.sql). */
public final class JdbcKnownDeviceRepository implements KnownDeviceRepository {
    private final JdbcClient jdbc;

    public JdbcKnownDeviceRepository(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public boolean isKnown(String realm, String accountId, String deviceId) {
        return jdbc.sql("select count(*) from known_device where realm = :realm and account_id = :account"
                        + " and device_id = :device")
                .param("realm", realm).param("account", accountId).param("device", deviceId)
                .query(Long.class).single() > 0;
    }

    @Override
    public boolean hasAny(String realm, String accountId) {
        return jdbc.sql("select count(*) from known_device where realm = :realm and account_id = :account")
                .param("realm", realm).param("account", accountId).query(Long.class).single() > 0;
    }

    @Override
    public boolean add(String realm, String accountId, String deviceId, Instant now) {
        try {
            return jdbc.sql("insert into known_device (realm, account_id, device_id, first_seen, last_seen)"
                            + " values (:realm, :account, :device, :now, :now)")
                    .param("realm", realm).param("account", accountId).param("device", deviceId)
                    .param("now", utc(now), Types.TIMESTAMP_WITH_TIMEZONE).update() == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    @Override
    public void touch(String realm, String accountId, String deviceId, Instant now) {
        jdbc.sql("update known_device set last_seen = :now where realm = :realm and account_id = :account"
                        + " and device_id = :device")
                .param("realm", realm).param("account", accountId).param("device", deviceId)
                .param("now", utc(now), Types.TIMESTAMP_WITH_TIMEZONE).update();
    }

    @Override
    public void forgetUnusedSince(String realm, String accountId, Instant cutoff) {
        jdbc.sql("delete from known_device where realm = :realm and account_id = :account and last_seen < :cutoff")
                .param("realm", realm).param("account", accountId)
                .param("cutoff", utc(cutoff), Types.TIMESTAMP_WITH_TIMEZONE).update();
    }

    @Override
    public void forgetAll(String realm, String accountId) {
        jdbc.sql("delete from known_device where realm = :realm and account_id = :account")
                .param("realm", realm).param("account", accountId).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
