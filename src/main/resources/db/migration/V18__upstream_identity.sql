-- People who signed in through an upstream OpenID Provider (docs/upstream.md) are federated identities too: keyed by
-- (realm, the provider's issuer, keyed hash of its sub). They have no BSN. The claims the realm file maps (name,
-- email, ...) are kept encrypted with the master key (AES-GCM, context "federated-claims:<realm>:<id>"), base64 of
-- a JSON object, refreshed at every login. Portable SQL: H2 2.x and PostgreSQL 15.
alter table federated_identity alter column bsn_encrypted drop not null;
alter table federated_identity add column claims_encrypted varchar(8000);
