create table shipment (
    id                   uuid primary key,
    order_id             varchar(100) not null unique,
    state                varchar(20)  not null,
    recipient_name       varchar(255) not null,
    street               varchar(255) not null,
    city                 varchar(255) not null,
    postal_code          varchar(50)  not null,
    country              varchar(2)   not null,
    items                jsonb        not null,
    created_at           timestamptz  not null,
    version              bigint       not null default 0
);
