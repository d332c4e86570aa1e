package org.ordersaga.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandQueuesSecurityTest {

    @Test
    void theQueueReadersConnectWithTheChannelsSecuritySettingsAndNothingElseOfTheirs() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", "kafka:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "scram login", "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/kafka-cluster-ca/ca.crt", "auto.offset.reset", "earliest");

        assertThat(CommandQueues.security(kafka)).containsOnlyKeys("security.protocol", "sasl.mechanism",
                "sasl.jaas.config", "ssl.truststore.type", "ssl.truststore.location");
    }
}
