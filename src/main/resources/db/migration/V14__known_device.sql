-- Browsers an email account has completed a sign-in from (nl.toegang.account.device). The device id is the random
-- id inside the account's HMACed device cookie (lockout.DeviceCookies); a sign-in from a browser whose cookie names a
-- device not listed here for the account sends the new-device notice. No IP address or User-Agent is stored.
-- Portable SQL: runs unchanged on H2 2.x (default mode) and PostgreSQL 15.
create table known_device (
    realm       varchar(64)              not null,
    account_id  varchar(36)              not null,
    device_id   varchar(100)             not null,
    first_seen  timestamp with time zone not null,
    last_seen   timestamp with time zone not null,
    constraint known_device_pk primary key (realm, account_id, device_id)
);
