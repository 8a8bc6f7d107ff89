-- Core schema. Portable: runs unchanged on H2 2.x and PostgreSQL 15+.
-- Large values use varchar (not blob/text) so that equality lookups and indexes work the same on both databases;
-- Spring Authorization Server's JDBC store detects the column type at start and binds VARCHAR accordingly.

CREATE TABLE account (
    id               varchar(36)  NOT NULL PRIMARY KEY,
    realm            varchar(64)  NOT NULL,
    email            varchar(320) NOT NULL,
    email_normalized varchar(320) NOT NULL,
    name             varchar(200) NOT NULL,
    locale           varchar(8)   NOT NULL,
    email_verified   boolean      NOT NULL,
    password_hash    varchar(255),
    enabled          boolean      NOT NULL,
    created_at       timestamp with time zone NOT NULL,
    updated_at       timestamp with time zone NOT NULL,
    CONSTRAINT account_email_unique UNIQUE (realm, email_normalized)
);

-- Spring Authorization Server store (oauth2-authorization-schema.sql with portable types).
CREATE TABLE oauth2_authorization (
    id                            varchar(100)   NOT NULL PRIMARY KEY,
    registered_client_id          varchar(100)   NOT NULL,
    principal_name                varchar(200)   NOT NULL,
    authorization_grant_type      varchar(100)   NOT NULL,
    authorized_scopes             varchar(1000),
    attributes                    varchar(100000),
    state                         varchar(500),
    authorization_code_value      varchar(1000),
    authorization_code_issued_at  timestamp with time zone,
    authorization_code_expires_at timestamp with time zone,
    authorization_code_metadata   varchar(4000),
    access_token_value            varchar(2500),
    access_token_issued_at        timestamp with time zone,
    access_token_expires_at       timestamp with time zone,
    access_token_metadata         varchar(10000),
    access_token_type             varchar(100),
    access_token_scopes           varchar(1000),
    oidc_id_token_value           varchar(10000),
    oidc_id_token_issued_at       timestamp with time zone,
    oidc_id_token_expires_at      timestamp with time zone,
    oidc_id_token_metadata        varchar(10000),
    refresh_token_value           varchar(1000),
    refresh_token_issued_at       timestamp with time zone,
    refresh_token_expires_at      timestamp with time zone,
    refresh_token_metadata        varchar(4000),
    user_code_value               varchar(1000),
    user_code_issued_at           timestamp with time zone,
    user_code_expires_at          timestamp with time zone,
    user_code_metadata            varchar(4000),
    device_code_value             varchar(1000),
    device_code_issued_at         timestamp with time zone,
    device_code_expires_at        timestamp with time zone,
    device_code_metadata          varchar(4000)
);
CREATE INDEX oauth2_authorization_code_idx ON oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_access_idx ON oauth2_authorization (access_token_value);
CREATE INDEX oauth2_authorization_refresh_idx ON oauth2_authorization (refresh_token_value);
CREATE INDEX oauth2_authorization_state_idx ON oauth2_authorization (state);
CREATE INDEX oauth2_authorization_principal_idx ON oauth2_authorization (registered_client_id, principal_name);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id varchar(100)  NOT NULL,
    principal_name       varchar(200)  NOT NULL,
    authorities          varchar(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- An authorization code is redeemed once: the first node to insert the row wins, every other redemption fails.
CREATE TABLE oauth2_code_redemption (
    authorization_id varchar(100) NOT NULL PRIMARY KEY,
    redeemed_at      timestamp with time zone NOT NULL
);

-- Refresh tokens that were rotated away. Presenting one again means the family leaked: revoke it.
CREATE TABLE oauth2_refresh_rotation (
    token_hash       varchar(64)  NOT NULL PRIMARY KEY,
    authorization_id varchar(100) NOT NULL,
    expires_at       timestamp with time zone NOT NULL
);
CREATE INDEX oauth2_refresh_rotation_expiry_idx ON oauth2_refresh_rotation (expires_at);

-- jti values of private_key_jwt client assertions already used, until the assertion would have expired anyway.
CREATE TABLE client_assertion_jti (
    jti_hash   varchar(64) NOT NULL PRIMARY KEY,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX client_assertion_jti_expiry_idx ON client_assertion_jti (expires_at);
