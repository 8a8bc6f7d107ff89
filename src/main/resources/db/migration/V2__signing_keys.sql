-- Realm signing keys, shared by all nodes (see nl.toegang.oidc.keys.RealmKeyService).
-- Portable SQL: runs unchanged on H2 2.x (default mode) and PostgreSQL 15. Depends on no other migration.

create table signing_key (
    id                    varchar(64)              not null primary key, -- the JWK "kid"
    realm                 varchar(64)              not null,
    algorithm             varchar(10)              not null,             -- JWS alg: RS256, PS256, ES256
    state                 varchar(10)              not null,
    public_jwk            varchar(4000)            not null,             -- public JWK JSON, published as is
    -- Private JWK JSON encrypted with the master key (AES-GCM, context "signing-key:<realm>:<kid>"), base64.
    -- Text rather than binary because H2 (varbinary) and PostgreSQL (bytea) name binary types differently.
    private_key_encrypted varchar(8000)            not null,
    created_at            timestamp with time zone not null,
    activated_at          timestamp with time zone,                      -- when it became ACTIVE
    retired_at            timestamp with time zone,                      -- when it became RETIRED
    unpublish_after       timestamp with time zone,                      -- RETIRED: leaves the JWKS after this
    constraint signing_key_state_ck check (state in ('NEXT', 'ACTIVE', 'RETIRED'))
);

create index signing_key_realm_ix on signing_key (realm);

-- "At most one ACTIVE (and one NEXT) key per realm" would be a partial unique index on PostgreSQL
-- (... where state = 'ACTIVE'), but H2 has no partial indexes, and a unique index over a computed column is written
-- differently on each. Instead every change to a realm's keys runs in a transaction that first locks this realm's
-- row here (insert if absent, then SELECT ... FOR UPDATE), which serialises ensure and rotate across nodes.
-- The row also gives a lock target before the realm has any key, which a lock on signing_key rows could not.
create table realm_key_lock (
    realm varchar(64) not null primary key
);
