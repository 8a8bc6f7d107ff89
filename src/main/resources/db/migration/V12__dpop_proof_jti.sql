-- DPoP proofs (RFC 9449) already used: the jti of a proof is accepted once across all nodes while its iat window
-- is open. Keyed by a SHA-256 of the proof key's thumbprint and the jti, so the table holds no client input.
CREATE TABLE dpop_proof_jti (
    jti_hash   varchar(64) NOT NULL PRIMARY KEY,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX dpop_proof_jti_expiry_idx ON dpop_proof_jti (expires_at);
