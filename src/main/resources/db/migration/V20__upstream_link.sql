-- Links of upstream identities to email accounts (docs/upstream.md "Linking policy", linking: verified-email).
-- One row per linked upstream identity: bound to the identity (the provider's issuer and sub, by federated_identity),
-- never to an email address, so a later address change at the provider changes nothing. Made only after the person
-- signed in to the account in the same browser flow. Deleting the account or the identity deletes the link.
-- Portable SQL: H2 2.x and PostgreSQL 15.
create table upstream_link (
    identity_id  varchar(36)              not null primary key references federated_identity (id) on delete cascade,
    realm        varchar(64)              not null,
    upstream     varchar(64)              not null,
    account_id   varchar(36)              not null references account (id) on delete cascade,
    linked_at    timestamp with time zone not null
);
create index upstream_link_account on upstream_link (realm, account_id);
