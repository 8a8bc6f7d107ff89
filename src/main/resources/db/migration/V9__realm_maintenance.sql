-- Maintenance set through the admin API; overrides the realm file's maintenance block while a row exists.
CREATE TABLE realm_maintenance (
    realm           varchar(64)   NOT NULL PRIMARY KEY,
    active          boolean       NOT NULL,
    message_nl      varchar(1000),
    message_en      varchar(1000),
    until_at        timestamp with time zone,
    block_signed_in boolean       NOT NULL,
    updated_at      timestamp with time zone NOT NULL,
    updated_by      varchar(255)
);
