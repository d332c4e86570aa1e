create table credit_account (
    customer_id        varchar(100) primary key,
    credit_limit_cents bigint not null check (credit_limit_cents >= 0),
    available_cents    bigint not null check (available_cents >= 0),
    version            bigint not null default 0
);

create table authorization_hold (
    id           uuid primary key,
    order_id     varchar(100) not null unique,
    customer_id  varchar(100) not null references credit_account (customer_id),
    amount_cents bigint       not null check (amount_cents >= 0),
    state        varchar(20)  not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    version      bigint       not null default 0
);

-- Seed customers (docs/conventions.md): two with ample credit, one with none.
insert into credit_account (customer_id, credit_limit_cents, available_cents) values
    ('cust-alice', 1000000000000, 1000000000000),
    ('cust-bob', 1000000000000, 1000000000000),
    ('cust-broke', 0, 0);
