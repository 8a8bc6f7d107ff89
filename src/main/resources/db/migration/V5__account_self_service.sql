-- Self-service for email accounts: contact details, verification of addresses, password reset.
ALTER TABLE account ADD COLUMN phone varchar(40);
-- Sessions authenticated before this moment are no longer valid (password reset, "sign out everywhere").
ALTER TABLE account ADD COLUMN sessions_not_before timestamp with time zone;

-- A code and a link in one email prove control of an address. Both are stored as keyed hashes only.
CREATE TABLE email_verification (
    id              varchar(36)  NOT NULL PRIMARY KEY,
    realm           varchar(64)  NOT NULL,
    account_id      varchar(36)  NOT NULL,
    email           varchar(320) NOT NULL,
    purpose         varchar(16)  NOT NULL,
    code_hash       varchar(64)  NOT NULL,
    link_hash       varchar(64)  NOT NULL,
    code_expires_at timestamp with time zone NOT NULL,
    link_expires_at timestamp with time zone NOT NULL,
    attempts        integer      NOT NULL,
    created_at      timestamp with time zone NOT NULL,
    used_at         timestamp with time zone,
    CONSTRAINT email_verification_link_unique UNIQUE (link_hash)
);
CREATE INDEX email_verification_account_idx ON email_verification (realm, account_id);

CREATE TABLE password_reset (
    id         varchar(36) NOT NULL PRIMARY KEY,
    realm      varchar(64) NOT NULL,
    account_id varchar(36) NOT NULL,
    token_hash varchar(64) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    used_at    timestamp with time zone,
    CONSTRAINT password_reset_token_unique UNIQUE (token_hash)
);
CREATE INDEX password_reset_account_idx ON password_reset (realm, account_id);
