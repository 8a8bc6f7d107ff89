-- Staff roles of accounts in realm 'admin' (support pages). A row is a grant; no row, no access.
CREATE TABLE account_role (
    realm      varchar(64) NOT NULL,
    account_id varchar(36) NOT NULL,
    role       varchar(20) NOT NULL,
    granted_at timestamp with time zone NOT NULL,
    PRIMARY KEY (realm, account_id, role)
);
