create table customer (
    id    varchar(100) primary key,
    name  varchar(200) not null,
    email varchar(320) not null
);

-- Seed data (docs/conventions.md): alice and bob have credit at payment-service, broke has none.
insert into customer (id, name, email) values
    ('cust-alice', 'Alice Example', 'alice@example.org'),
    ('cust-bob', 'Bob Example', 'bob@example.org'),
    ('cust-broke', 'Broke Example', 'broke@example.org');

create table orders (
    id               uuid primary key,
    customer_id      varchar(100) not null references customer (id),
    status           varchar(16)  not null,
    items            jsonb        not null,
    shipping_address jsonb        not null,
    total_cents      bigint,
    rejection_reason varchar(500),
    trace_id         varchar(32),
    history          jsonb        not null,
    placed_at        timestamptz  not null,
    updated_at       timestamptz  not null,
    version          bigint       not null
);

create index orders_customer_id_idx on orders (customer_id);
create index orders_trace_id_idx on orders (trace_id);
