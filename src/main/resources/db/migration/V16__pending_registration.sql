-- Pending registrations carry the registrant's own credentials (nl.toegang.account.registration). The account row
-- of an unverified address is only a placeholder: whoever completes a verification gets the password, name and
-- locale stored with that verification, never those of someone who registered the same address earlier.
-- Portable SQL: runs unchanged on H2 2.x (default mode) and PostgreSQL 15.
ALTER TABLE email_verification ADD COLUMN registrant_password_hash varchar(255);
ALTER TABLE email_verification ADD COLUMN registrant_name varchar(200);
ALTER TABLE email_verification ADD COLUMN registrant_locale varchar(8);

-- Registrations started before this migration hold no credentials of their own: completing one would verify whatever
-- password the account row has (possibly an earlier, unverified registrant's). End them; registering again sends a
-- new email.
UPDATE email_verification SET used_at = CURRENT_TIMESTAMP WHERE purpose = 'REGISTRATION' AND used_at IS NULL;
