-- When the pending command was first sent: the step's latency runs from here to its reply (or its giving up).
alter table saga add column pending_sent_at timestamptz;

-- Timeline facts an on-call engineer needs without parsing text: the deadline of a send, how long a step took,
-- and who (authenticated principal) performed an operator action.
alter table saga_event add column deadline timestamptz;
alter table saga_event add column duration_ms bigint;
alter table saga_event add column actor varchar(100);

-- The stuck list and the per-state gauges read sagas by state, newest first.
drop index saga_state_idx;
create index saga_state_created_idx on saga (state, created_at desc);
