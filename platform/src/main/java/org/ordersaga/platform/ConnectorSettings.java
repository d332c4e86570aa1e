package org.ordersaga.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The outbox connector's settings, read from the same KafkaConnector definition Kubernetes deploys
 * (k8s/base/cdc/outbox-connector.yaml, copied into this jar at build time), plus the per-database keys.
 */
final class ConnectorSettings {
    static final String RESOURCE = "/outbox-connector.yaml";

    private ConnectorSettings() {
    }

    static Map<String, String> shared() {
        try (InputStream in = ConnectorSettings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new PlatformException(RESOURCE + " missing from the platform jar; rebuild the platform module");
            }
            JsonNode connector = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", connector.path("spec").path("class").asText());
            connector.path("spec").path("config").fields()
                    .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            return config;
        } catch (IOException e) {
            throw new PlatformException("cannot read " + RESOURCE, e);
        }
    }

    /** The embedded engine's properties for one service database. */
    static Properties forService(ServiceCatalog.Service service, int postgresPort, Path offsetsDir) {
        Properties props = new Properties();
        props.putAll(shared());
        props.put("name", service.database() + "-outbox");
        props.put("database.hostname", "localhost");
        props.put("database.port", Integer.toString(postgresPort));
        props.put("database.dbname", service.database());
        props.put("database.user", DatabaseBootstrap.CDC_ROLE);
        props.put("database.password", DatabaseBootstrap.CDC_ROLE);
        props.put("slot.name", DatabaseBootstrap.slotName(service));
        props.put("topic.prefix", service.database());
        props.put("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        props.put("offset.storage.file.filename", offsetsDir.resolve(service.database() + ".offsets").toString());
        // Offsets of acknowledged batches are flushed once a second and when the engine stops (a clean stop republishes
        // nothing; a crash may republish up to a second, which the consumers' inbox absorbs). Flushing after every
        // batch made each batch wait for the replication connection to confirm its LSN, about one poll interval.
        props.put("offset.flush.interval.ms", "1000");
        return props;
    }
}
