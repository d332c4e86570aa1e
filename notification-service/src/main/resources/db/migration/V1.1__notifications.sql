create table notification (
    id          uuid primary key,
    order_id    varchar(100) not null,
    kind        varchar(30)  not null,
    customer_id varchar(100) not null,
    text        text         not null,
    sent_at     timestamptz  not null,
    -- at most one notification per order and kind
    constraint notification_once_per_order_and_kind unique (order_id, kind)
);
