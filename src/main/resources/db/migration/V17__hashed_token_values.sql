-- oauth2_authorization now keeps keyed hashes of token values (hmac-sha256:..., see oidc.HashedTokenStore) instead of
-- the bearer tokens themselves. Rows written before hold plaintext codes and tokens that the hashed lookup can never
-- find again, so they are removed: upgrading signs people out of relying parties (refresh tokens must be obtained
-- again by a new login) and fails logins that are half-way (docs/operations.md).
-- Rotated refresh tokens were keyed by an unkeyed SHA-256 and belong to the removed rows.
DELETE FROM oauth2_refresh_rotation;
DELETE FROM oauth2_code_redemption;
DELETE FROM oauth2_authorization;
