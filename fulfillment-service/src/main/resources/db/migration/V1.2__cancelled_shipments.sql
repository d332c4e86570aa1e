-- CancelShipment (the compensation of a pivot whose outcome is unknown): a cancel that finds no shipment records an
-- empty CANCELLED one, without address or items, so that a late ScheduleShipment is refused (unique order_id).
alter table shipment
    alter column recipient_name drop not null,
    alter column street drop not null,
    alter column city drop not null,
    alter column postal_code drop not null,
    alter column country drop not null,
    alter column items drop not null,
    add column updated_at timestamptz;
update shipment set updated_at = created_at;
alter table shipment alter column updated_at set not null;
