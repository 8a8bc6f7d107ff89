-- Second factors: TOTP credentials and recovery codes (see nl.toegang.mfa).
-- Portable SQL: runs unchanged on H2 2.x (default mode) and PostgreSQL 15. Depends on no other migration.
-- Secrets are stored as base64 text, not binary: H2 (varbinary) and PostgreSQL (bytea) name binary types differently.

-- The account's working TOTP credential. Rows are written only when an enrolment is confirmed, so confirmed is
-- always true here; the verifier still requires it, so a row that somehow lacks it never signs anyone in.
create table mfa_totp (
    account_id       varchar(36)              not null primary key,
    realm            varchar(64)              not null,
    -- TOTP key encrypted with the master key (AES-GCM, context "totp:<realm>:<account_id>"), base64
    secret_encrypted varchar(200)             not null,
    algorithm        varchar(10)              not null,
    digits           integer                  not null,
    period           integer                  not null,             -- seconds
    confirmed        boolean                  not null,
    created_at       timestamp with time zone not null,
    confirmed_at     timestamp with time zone,
    last_used_at     timestamp with time zone,
    constraint mfa_totp_algorithm_ck check (algorithm in ('SHA1', 'SHA256', 'SHA512')),
    constraint mfa_totp_digits_ck check (digits between 6 and 8)
);

-- An enrolment waiting for its first valid code. Kept apart from mfa_totp so that re-enrolling does not replace a
-- working credential until the new one is confirmed; a pending key can never sign in because login reads mfa_totp.
create table mfa_totp_pending (
    account_id       varchar(36)              not null primary key,
    realm            varchar(64)              not null,
    secret_encrypted varchar(200)             not null,             -- same encryption and context as mfa_totp
    algorithm        varchar(10)              not null,
    digits           integer                  not null,
    period           integer                  not null,
    created_at       timestamp with time zone not null,
    constraint mfa_totp_pending_algorithm_ck check (algorithm in ('SHA1', 'SHA256', 'SHA512')),
    constraint mfa_totp_pending_digits_ck check (digits between 6 and 8)
);

-- Recovery codes, salted and slow-hashed one per row. lookup is a truncated keyed hash (HMAC) of the normalised code:
-- it finds the one candidate row, so checking a code costs one slow hash instead of ten (see RecoveryCodes).
create table mfa_recovery_code (
    id         varchar(36)              not null primary key,
    realm      varchar(64)              not null,
    account_id varchar(36)              not null,
    lookup     varchar(16)              not null,
    code_hash  varchar(200)             not null,                   -- pbkdf2-sha256$<iterations>$<salt>$<hash>
    created_at timestamp with time zone not null,
    used_at    timestamp with time zone
);

create index mfa_recovery_code_account_ix on mfa_recovery_code (account_id, lookup);
