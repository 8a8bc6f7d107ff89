-- Append-only trail of security events. Never holds passwords, codes, tokens, email addresses or BSNs.
CREATE TABLE audit_event (
    id             varchar(36)  NOT NULL PRIMARY KEY,
    realm          varchar(64)  NOT NULL,
    occurred_at    timestamp with time zone NOT NULL,
    type           varchar(40)  NOT NULL,
    outcome        varchar(20)  NOT NULL,
    account_id     varchar(64),
    client_id      varchar(255),
    actor          varchar(255),
    reason         varchar(500),
    ip             varchar(64),
    user_agent     varchar(200),
    correlation_id varchar(64)
);
CREATE INDEX audit_event_realm_time_idx ON audit_event (realm, occurred_at);
CREATE INDEX audit_event_account_idx ON audit_event (realm, account_id, occurred_at);
