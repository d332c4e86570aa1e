#!/bin/sh
# What a DBA does once per service database, run by the postgres image when it initialises an empty data directory
# (psql as the superuser over the local socket). The same steps, in the same order, as the local platform's
# platform/src/main/java/org/ordersaga/platform/DatabaseBootstrap.java: change both together.
# Passwords come from the environment (Secrets, see postgres.yaml); every statement is safe to run again.

bootstrap_psql() {
  psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" "$@"
}

# The role Debezium (Kafka Connect) logs in with: it may replicate, and reads the outbox tables only.
bootstrap_psql --dbname postgres --set password="$CDC_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE cdc_relay LOGIN REPLICATION PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cdc_relay') \gexec
SQL

# bootstrap_service <database> <role> <password>
bootstrap_service() {
  # The role owns only its database; CONNECT is revoked from PUBLIC, so no role reaches another service's database.
  bootstrap_psql --dbname postgres --set db="$1" --set role="$2" --set password="$3" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"role", cdc_relay;
SQL
  # Inside the database: schema outbox owned by the role, readable by cdc_relay, its publication, and the slot created
  # before any service writes, so no outbox row is missed even if Kafka Connect starts later.
  bootstrap_psql --dbname "$1" --set role="$2" --set slot="outbox_$1" <<'SQL'
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO :"role";
CREATE SCHEMA IF NOT EXISTS outbox AUTHORIZATION :"role";
GRANT USAGE ON SCHEMA outbox TO cdc_relay;
ALTER DEFAULT PRIVILEGES FOR ROLE :"role" IN SCHEMA outbox GRANT SELECT ON TABLES TO cdc_relay;
SELECT 'CREATE PUBLICATION outbox_publication FOR TABLES IN SCHEMA outbox'
 WHERE NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'outbox_publication') \gexec
SELECT pg_create_logical_replication_slot(:'slot', 'pgoutput')
 WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
SQL
}

bootstrap_service order_db order_service "$ORDER_SERVICE_DB_PASSWORD"
bootstrap_service inventory_db inventory_service "$INVENTORY_SERVICE_DB_PASSWORD"
bootstrap_service payment_db payment_service "$PAYMENT_SERVICE_DB_PASSWORD"
bootstrap_service fulfillment_db fulfillment_service "$FULFILLMENT_SERVICE_DB_PASSWORD"
bootstrap_service notification_db notification_service "$NOTIFICATION_SERVICE_DB_PASSWORD"
bootstrap_service orchestrator_db saga_orchestrator "$SAGA_ORCHESTRATOR_DB_PASSWORD"

# Who may connect, replacing the image's pg_hba.conf (read when the server starts after this initialisation): the
# superuser over the local socket only (this bootstrap, the exporter), every other role with its password. No
# `replication` line: that keyword admits physical replication only, which nothing needs; cdc_relay's logical
# decoding connects to one database and matches that database's line. Only inside the image's initialisation: a
# managed server's own rules are its operator's (give them no replication line either).
if [ -n "$PGDATA" ] && [ -f "$PGDATA/pg_hba.conf" ]; then
  cat > "$PGDATA/pg_hba.conf" <<'HBA'
# written by bootstrap-databases.sh
local   all             postgres                                trust
host    all             all             all                     scram-sha-256
HBA
fi
