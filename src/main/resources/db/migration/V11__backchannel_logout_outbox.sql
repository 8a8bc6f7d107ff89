-- OIDC Back-Channel Logout deliveries (see nl.toegang.oidc.logout). The listener of SsoSessionEnded only inserts
-- here; every node's BackChannelLogoutDispatcher claims due rows and POSTs the logout token. The token itself is
-- never stored: it is signed at each attempt with the realm's current key. Portable SQL (H2 2.x and PostgreSQL).

create table backchannel_logout_outbox (
    id              varchar(36)              not null primary key,  -- also the logout token's jti
    realm           varchar(64)              not null,
    client_id       varchar(255)             not null,
    subject         varchar(200)             not null,  -- the sub this client's ID tokens carry (pairwise for DigiD)
    sid             varchar(100),                       -- the session's sid, when known
    reason          varchar(32)              not null,  -- SsoSessionEnded.Reason, for operators
    attempts        integer                  not null,  -- failed delivery attempts
    next_attempt_at timestamp with time zone,           -- null once delivered or abandoned: the row is finished
    last_error      varchar(500),                       -- status code or exception class, never the token
    claimed_by      varchar(64),                        -- dispatcher node delivering it now
    claimed_until   timestamp with time zone,           -- the claim lapses after this (node died mid-delivery)
    created_at      timestamp with time zone not null,
    delivered_at    timestamp with time zone,
    abandoned_at    timestamp with time zone
);

create index backchannel_logout_due_ix on backchannel_logout_outbox (next_attempt_at);
create index backchannel_logout_finished_ix on backchannel_logout_outbox (delivered_at, abandoned_at);
