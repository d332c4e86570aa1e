-- The mode each order was placed in (sync chain or async saga), set once when it is placed: with the rollout switch
-- both run side by side, and GET /orders/{id} and the on-call console tell them apart. Orders placed before this
-- column have none.
alter table orders
    add column mode varchar(8) check (mode in ('SYNC', 'ASYNC'));
