-- The synchronous chain records on the order what it still owes (in the transaction of each step's outcome), so that
-- the recovery sweep can resume a chain that stopped past the pivot or in the middle of its compensation.
alter table orders
    add column sync_remaining_steps  jsonb,
    add column sync_total_cents      bigint,
    add column sync_rejection_reason varchar(500),
    add column sync_owed_since       timestamptz;

create index orders_sync_owed_since_idx on orders (sync_owed_since) where sync_owed_since is not null;
