-- Passkeys (WebAuthn discoverable credentials), see nl.toegang.mfa.passkey.
-- Portable SQL: runs unchanged on H2 2.x (default mode) and PostgreSQL 15. Binary values are base64url text.

-- The WebAuthn user handle of an account: 64 random bytes, never the account id or email (it is stored on the
-- authenticator and returned at every login, so it must not be personal data).
create table mfa_passkey_user (
    realm       varchar(64)  not null,
    account_id  varchar(36)  not null,
    user_handle varchar(100) not null,
    constraint mfa_passkey_user_pk primary key (realm, account_id),
    constraint mfa_passkey_user_handle_uq unique (user_handle)
);

create table mfa_passkey (
    id               varchar(36)              not null primary key,
    realm            varchar(64)              not null,
    account_id       varchar(36)              not null,
    -- at most 1023 bytes (WebAuthn §7.1 step 17) = 1364 base64url characters
    credential_id    varchar(1400)            not null,
    public_key_cose  varchar(2800)            not null,
    signature_count  bigint                   not null,
    transports       varchar(200)             not null,             -- comma-separated, may be empty
    aaguid           varchar(64)              not null,
    name             varchar(100)             not null,             -- given by the user
    backup_eligible  boolean                  not null,
    backed_up        boolean                  not null,
    created_at       timestamp with time zone not null,
    last_used_at     timestamp with time zone,
    -- one credential id belongs to one account, in every realm (all realms share the RP ID)
    constraint mfa_passkey_credential_uq unique (credential_id)
);

create index mfa_passkey_account_ix on mfa_passkey (realm, account_id);
