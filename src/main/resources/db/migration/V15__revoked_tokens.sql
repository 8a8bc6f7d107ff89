-- Revoked client-credentials access tokens (those are not stored in oauth2_authorization): SHA-256 of the token,
-- kept until the token would have expired anyway, so every node treats it as inactive.
CREATE TABLE oauth2_revoked_token (
    token_hash varchar(64)              NOT NULL PRIMARY KEY,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX oauth2_revoked_token_expiry_idx ON oauth2_revoked_token (expires_at);
