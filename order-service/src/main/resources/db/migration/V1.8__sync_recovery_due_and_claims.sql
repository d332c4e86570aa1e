-- The recovery sweep drives every synchronous order until it owes nothing (README "Sync mode recovery"):
-- sync_due_at      when the sweep may next drive the order: from its placement the time by which its chain must have
--                  recorded its fate (else the chain died and the sweep undoes and rejects the order), then the time
--                  after each step done, or after each round that failed (backoff); null once it owes nothing;
-- sync_failed_rounds  rounds in a row without progress, for that backoff;
-- sync_claimed_until  a replica's claim: the other replicas' sweeps leave the order alone until then. Written only by
--                  the sweep's own statements, never by the entity, so that recording a step cannot drop the claim.
alter table orders
    add column sync_due_at        timestamptz,
    add column sync_failed_rounds integer not null default 0,
    add column sync_claimed_until timestamptz;

-- Orders already owing steps are due as they were (10 s after their last progress, the default); orders whose chain
-- never recorded a fate are due a minute after they were placed (the default bound), so that those orphaned before
-- this migration are decided too.
update orders set sync_due_at = sync_owed_since + interval '10 seconds' where sync_owed_since is not null;
update orders set sync_due_at = placed_at + interval '1 minute'
    where mode = 'SYNC' and status = 'PENDING' and sync_remaining_steps is null;

-- sync_owed_since stays (unread) while replicas of the previous version may still run beside this one during a
-- rolling upgrade: they write it. A later migration drops it and its index.

create index orders_sync_due_at_idx on orders (sync_due_at) where sync_due_at is not null;
