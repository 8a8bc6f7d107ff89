-- Residents who signed in through a federation IdP (DigiD). Portable SQL: H2 2.x and PostgreSQL 15.
-- Keyed by (realm, IdP entityID, keyed hash of the BSN): the hash finds the row without storing the number in plain.
-- The BSN itself is encrypted with the master key (AES-GCM, context "federated-bsn:<realm>:<id>"), base64, so it can
-- be released to eligible clients. Never linked to email accounts.
create table federated_identity (
    id             varchar(36)              not null primary key,
    realm          varchar(64)              not null,
    idp_entity_id  varchar(1024)            not null,
    subject_hash   varchar(64)              not null,
    bsn_encrypted  varchar(200)             not null,
    created_at     timestamp with time zone not null,
    last_login_at  timestamp with time zone not null,
    constraint federated_identity_subject_uq unique (realm, idp_entity_id, subject_hash)
);
