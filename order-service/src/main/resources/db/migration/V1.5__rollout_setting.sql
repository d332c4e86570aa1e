-- Rollout settings an operator changed at run time (PUT /admin/rollout): read by every replica, kept across restarts.
-- No row: the configured default applies.
create table rollout_setting (
    name               varchar(50)  primary key,
    saga_share_percent integer      not null check (saga_share_percent between 0 and 100),
    changed_by         varchar(100) not null,
    reason             varchar(500) not null,
    changed_at         timestamptz  not null
);
