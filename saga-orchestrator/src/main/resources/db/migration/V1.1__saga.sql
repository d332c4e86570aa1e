-- One row per PlaceOrder saga. "version" is the optimistic lock that keeps concurrent replicas apart.
create table saga (
    id                 uuid primary key,
    order_id           varchar(64)  not null unique,
    state              varchar(32)  not null,
    current_step       varchar(64)  not null,
    data               jsonb        not null,
    trace_id           varchar(32),
    pending_command_id uuid,
    pending_attempt    integer      not null default 0,
    pending_deadline   timestamptz,
    event_count        integer      not null default 0,
    version            bigint       not null,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);

-- The deadline job scans only sagas that await a reply.
create index saga_pending_deadline_idx on saga (pending_deadline) where pending_deadline is not null;
create index saga_trace_id_idx on saga (trace_id);
create index saga_state_idx on saga (state);

-- The timeline an on-call engineer reads: every command, re-send, reply, expiry and state change, in order.
create table saga_event (
    saga_id      uuid         not null references saga (id),
    seq          integer      not null,
    at           timestamptz  not null,
    kind         varchar(32)  not null,
    step         varchar(64),
    message_type varchar(64),
    command_id   uuid,
    attempt      integer,
    detail       text,
    primary key (saga_id, seq)
);

create index saga_event_command_id_idx on saga_event (command_id);
