-- Records that a consumer gave up on, read from the <topic>.dead-letter topics (chassis DeadLetterRouting).
create table dead_letter (
    id                    bigint generated always as identity primary key,
    topic                 varchar(255) not null,
    kafka_partition       integer,
    kafka_offset          bigint,
    record_key            varchar(255),
    reason                varchar(40)  not null,
    error                 text,
    consumer              varchar(100),
    failed_at             timestamptz  not null,
    headers               jsonb        not null,
    payload               text,
    -- where the dead letter itself was read: a redelivered dead letter is recognised and stored once
    dead_letter_topic     varchar(255) not null,
    dead_letter_partition integer      not null,
    dead_letter_offset    bigint       not null,
    replayed_at           timestamptz,
    replayed_by           varchar(100),
    constraint dead_letter_position unique (dead_letter_topic, dead_letter_partition, dead_letter_offset)
);
create index dead_letter_newest_first on dead_letter (failed_at desc, id desc);
