-- Issue 13, defect 9: an approved order's stock leaves reserved for good instead of staying there for ever, so that
-- available + reserved + settled is the stock received, for every product. Reservations gain the state SETTLED.
alter table product add column settled integer not null default 0 check (settled >= 0);
