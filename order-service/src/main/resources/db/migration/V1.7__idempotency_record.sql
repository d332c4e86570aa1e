-- POST /orders under an Idempotency-Key (README "Idempotency-Key"): one row per key, written in the transaction that
-- stores the order, so there is never an order without its key nor a key without its order. An async order's row
-- carries its answer from the start; a sync order's row is claimed with the PENDING order and gets its answer once
-- the chain has one (until then it marks the chain as in flight). Rows are deleted after ordersaga.order.idempotency.retention.
create table idempotency_record (
    idempotency_key       varchar(255) primary key,
    fingerprint           varchar(64)  not null,  -- hex SHA-256 of the request's canonical JSON
    order_id              uuid         not null,
    mode                  varchar(8)   not null check (mode in ('SYNC', 'ASYNC')),
    created_at            timestamptz  not null,
    response_status       integer,
    response_content_type varchar(100),
    response_location     varchar(100),
    response_body         json,                   -- json, not jsonb: replayed as it was first written
    answered_at           timestamptz,
    check ((response_status is null) = (answered_at is null)),
    check ((response_status is null) = (response_body is null))
);

create index idempotency_record_created_at_idx on idempotency_record (created_at);
