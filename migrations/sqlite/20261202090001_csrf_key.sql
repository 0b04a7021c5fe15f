-- The installation's key for the pre-session CSRF tokens (docs/product.md, "Sign-in"): a form
-- signed out must repeat an HMAC of its cookie under this key, so a cookie planted by another site
-- or host is of no use. One row, made at first start; every instance on the database shares it.
CREATE TABLE csrf_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB NOT NULL
);
