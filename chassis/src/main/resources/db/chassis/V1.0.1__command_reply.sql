-- The reply a participant sent for each command, so that a duplicate command is answered again with the same reply.
create table inbox.command_reply (
    consumer    varchar(100) not null,
    command_id  varchar(100) not null,
    reply_type  varchar(255) not null,
    payload     jsonb        not null,
    recorded_at timestamptz  not null default now(),
    primary key (consumer, command_id)
);
