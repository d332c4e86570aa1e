create table product (
    sku              varchar(100) primary key,
    name             varchar(255) not null,
    unit_price_cents bigint       not null check (unit_price_cents >= 0),
    available        integer      not null check (available >= 0),
    reserved         integer      not null check (reserved >= 0),
    version          bigint       not null default 0
);

create table reservation (
    id          uuid primary key,
    order_id    varchar(100) not null unique,
    state       varchar(20)  not null,
    total_cents bigint       not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0
);

create table reservation_line (
    reservation_id   uuid         not null references reservation (id),
    sku              varchar(100) not null,
    quantity         integer      not null check (quantity > 0),
    unit_price_cents bigint       not null,
    primary key (reservation_id, sku)
);

-- Seed catalog (docs/conventions.md): three SKUs with large stock and one sold out.
insert into product (sku, name, unit_price_cents, available, reserved) values
    ('SKU-PEN', 'Ballpoint pen', 150, 1000000000, 0),
    ('SKU-BOOK', 'Hardcover notebook', 2500, 1000000000, 0),
    ('SKU-LAMP', 'Desk lamp', 4900, 1000000000, 0),
    ('SKU-SOLD-OUT', 'Limited edition print', 999, 0, 0);
