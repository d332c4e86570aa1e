-- Transactional outbox: written in the business transaction, read by CDC from the WAL (the rows are kept only for
-- inspection and removed by the retention job). The platform already creates schema "outbox" with the publication.
create schema if not exists outbox;

create table outbox.outbox_event (
    id            uuid primary key,
    aggregatetype varchar(255) not null, -- destination topic
    aggregateid   varchar(255) not null, -- Kafka key (order id)
    type          varchar(255) not null,
    payload       jsonb        not null,
    traceparent   varchar(55),
    tracestate    varchar(512),
    created_at    timestamptz  not null default now()
);

create index outbox_event_created_at_idx on outbox.outbox_event (created_at);

-- Inbox: one row per consumed message, inserted in the same transaction as the message's effect.
create schema if not exists inbox;

create table inbox.processed_message (
    consumer     varchar(100) not null,
    message_id   varchar(100) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, message_id)
);
