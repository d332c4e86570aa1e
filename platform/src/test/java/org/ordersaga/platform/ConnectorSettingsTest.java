package org.ordersaga.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The relay's settings come from the Kubernetes KafkaConnector definition plus database-specific keys only. */
class ConnectorSettingsTest {

    @Test
    void shared_settings_are_read_from_the_kafka_connector_definition() {
        var shared = ConnectorSettings.shared();

        assertThat(shared).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("publication.name", DatabaseBootstrap.PUBLICATION)
                .containsEntry("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter")
                .containsEntry("transforms.outbox.table.field.event.key", "aggregateid")
                .containsEntry("transforms.outbox.route.by.field", "aggregatetype");
        assertThat(shared.get("transforms.outbox.table.fields.additional.placement"))
                .contains("type:header:eventType").contains("traceparent:header:traceparent");
    }

    @Test
    void each_database_gets_its_own_slot_offsets_and_credentials() {
        ServiceCatalog.Service payment = ServiceCatalog.require("payment");
        Properties props = ConnectorSettings.forService(payment, 15432, Path.of("offsets"));

        assertThat(props.getProperty("database.dbname")).isEqualTo("payment_db");
        assertThat(props.getProperty("slot.name")).isEqualTo("outbox_payment_db");
        assertThat(props.getProperty("database.user")).isEqualTo(DatabaseBootstrap.CDC_ROLE);
        assertThat(props.getProperty("offset.storage.file.filename")).endsWith("payment_db.offsets");
        assertThat(props.getProperty("offset.flush.interval.ms")).isEqualTo("1000");
        assertThat(props.getProperty("poll.interval.ms")).isEqualTo("10");
    }
}
