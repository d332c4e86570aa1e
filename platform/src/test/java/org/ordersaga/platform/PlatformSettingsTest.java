package org.ordersaga.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

    @Test
    void up_starts_everything_on_the_documented_ports_by_default() {
        PlatformSettings settings = PlatformSettings.parse(new String[] {"up"});

        assertThat(settings.mode()).isEqualTo(PlatformSettings.Mode.UP);
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.healthPort()).isEqualTo(19094);
        assertThat(settings.zipkin()).isTrue();
        assertThat(settings.services()).hasSize(6);
        assertThat(settings.dataDir().endsWith(Path.of(".platform", "data"))).isTrue();
    }

    @Test
    void the_relays_health_endpoint_follows_the_kafka_port() {
        assertThat(PlatformSettings.parse(new String[] {"infra", "--kafka-port", "29092"}).healthPort()).isEqualTo(29094);
        assertThat(PlatformSettings.parse(new String[] {"infra", "--kafka-port", "0"}).healthPort())
                .as("any free port").isZero();
    }

    @Test
    void infra_runs_without_zipkin_unless_asked() {
        assertThat(PlatformSettings.parse(new String[] {"infra"}).zipkin()).isFalse();
        assertThat(PlatformSettings.parse(new String[] {"infra", "--zipkin"}).zipkin()).isTrue();
    }

    @Test
    void options_select_ports_services_and_extra_service_options() {
        PlatformSettings settings = PlatformSettings.parse(new String[] {"up", "--pg-port", "0", "--services",
                "order,payment-service", "--service-option", "-Da=1", "--service-option", "-Db=2", "--clean"});

        assertThat(settings.postgresPort()).isZero();
        assertThat(settings.services()).extracting(ServiceCatalog.Service::name)
                .containsExactly("order-service", "payment-service");
        assertThat(settings.serviceOptions()).containsExactly("-Da=1", "-Db=2");
        assertThat(settings.clean()).isTrue();
    }

    @Test
    void bad_input_is_refused_with_a_reason() {
        assertThatThrownBy(() -> PlatformSettings.parse(new String[] {"down"})).hasMessageContaining("unknown command 'down'");
        assertThatThrownBy(() -> PlatformSettings.parse(new String[] {"up", "--pg-port", "http"}))
                .hasMessageContaining("--pg-port takes a port number");
        assertThatThrownBy(() -> PlatformSettings.parse(new String[] {"up", "--pg-port", "70000"}))
                .hasMessageContaining("--pg-port takes a port number");
        assertThatThrownBy(() -> PlatformSettings.parse(new String[] {"up", "--services", "billing"}))
                .hasMessageContaining("unknown service 'billing'");
        assertThatThrownBy(() -> PlatformSettings.parse(new String[] {"up", "--data-dir"}))
                .hasMessageContaining("--data-dir needs a value");
    }
}
