-- Admission control counts the undecided orders before accepting one more (OrderAdmission): a partial index of the
-- PENDING orders keeps that count as cheap as the backlog is short, however many orders were ever placed.
create index orders_undecided_idx on orders (id) where status = 'PENDING';
