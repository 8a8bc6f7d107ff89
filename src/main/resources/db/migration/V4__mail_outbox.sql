-- Outgoing mail (see nl.toegang.mail.OutboxRepository). Mailer.send() only inserts here; every node's
-- OutboxDispatcher delivers due rows. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

create table mail_outbox (
    id              varchar(36)              not null primary key,
    realm           varchar(64)              not null,
    template        varchar(100)             not null,  -- names the mail in logs instead of recipient or body
    recipient       varchar(320)             not null,
    subject         varchar(998)             not null,  -- never holds secrets: stored and logged in plain text
    -- Bodies may hold codes and links: AES-GCM with the master key (context "mail:<id>"), base64.
    -- Set to null once sent or abandoned. Text, not binary, because H2 and PostgreSQL name binary types differently.
    body_text       varchar(200000),
    body_html       varchar(200000),
    contains_secret boolean                  not null,
    attempts        integer                  not null,  -- failed delivery attempts
    next_attempt_at timestamp with time zone,           -- null once sent or abandoned: the row is finished
    last_error      varchar(500),                       -- short, addresses masked, never a body
    claimed_by      varchar(64),                        -- dispatcher node delivering it now
    claimed_until   timestamp with time zone,           -- the claim lapses after this (node died mid-delivery)
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone,
    abandoned_at    timestamp with time zone            -- gave up retrying
);

create index mail_outbox_due_ix on mail_outbox (next_attempt_at);
create index mail_outbox_sent_ix on mail_outbox (sent_at);
create index mail_outbox_abandoned_ix on mail_outbox (abandoned_at);
