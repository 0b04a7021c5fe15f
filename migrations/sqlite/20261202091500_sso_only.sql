-- Accounts that sign in only through OpenID Connect: no password is accepted for them (their
-- stored hash is of a random password nobody knows).
ALTER TABLE accounts ADD COLUMN sso_only INTEGER NOT NULL DEFAULT 0 CHECK (sso_only IN (0, 1));
