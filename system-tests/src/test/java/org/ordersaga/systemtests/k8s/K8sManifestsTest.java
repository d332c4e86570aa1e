package org.ordersaga.systemtests.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests under k8s/, checked without a cluster: every YAML parses, every kustomization references
 * files that exist (and every file is referenced), and the overlays, rendered as kustomize would, deploy the six
 * services as docs/conventions.md names them, hardened, with secrets only by reference, one KafkaTopic per topic and
 * one outbox KafkaConnector per database whose settings are exactly the shared template's plus the database's own.
 */
class K8sManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("ordersaga.root", "..")).toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final Path CONNECTOR_TEMPLATE = K8S.resolve("base/cdc/outbox-connector.yaml");

    /** The topics the platform creates (ServiceCatalog.TOPICS): the conventions' table plus their dead-letter topics. */
    private static final List<String> TOPICS = List.of("order-events", "order-commands", "inventory-commands",
            "payment-commands", "fulfillment-commands", "notification-commands", "saga-replies",
            "order-events.dead-letter", "order-commands.dead-letter", "inventory-commands.dead-letter",
            "payment-commands.dead-letter", "fulfillment-commands.dead-letter", "notification-commands.dead-letter",
            "saga-replies.dead-letter");

    /** The only connector keys that differ per database (what the local relay fills in per service database). */
    private static final Set<String> DATABASE_SPECIFIC_KEYS = Set.of("database.hostname", "database.port",
            "database.dbname", "database.user", "database.password", "slot.name", "topic.prefix");

    private static final Pattern SECRET_LIKE_NAME =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY).*");
    private static final Pattern CONFIG_PLACEHOLDER = Pattern.compile("\\$\\{(env|secrets|file|directory):[^}]+}");

    record Service(String name, int port, String database, String role) {
    }

    @Test
    void everyYamlFileUnderK8sParsesIntoResourcesWithApiVersionKindAndName() {
        List<Path> files = yamlFiles();
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            List<ObjectNode> documents = Kustomize.readDocuments(file);
            assertThat(documents).as("documents of %s", file).isNotEmpty();
            for (ObjectNode document : documents) {
                assertThat(document.path("apiVersion").asText()).as("apiVersion in %s", file).isNotBlank();
                assertThat(document.path("kind").asText()).as("kind in %s", file).isNotBlank();
                if (!file.getFileName().toString().equals(Kustomize.KUSTOMIZATION)) {
                    assertThat(Kustomize.name(document)).as("metadata.name in %s", file).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyKustomizationReferencesExistingFilesAndEveryManifestIsReferenced() {
        Set<Path> referenced = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path kustomization : yamlFiles().stream()
                .filter(f -> f.getFileName().toString().equals(Kustomize.KUSTOMIZATION)).toList()) {
            Path dir = kustomization.getParent();
            JsonNode k = Kustomize.readKustomization(dir,
                    Kustomize.readDocuments(kustomization).get(0).path("kind").asText());
            List<String> entries = new ArrayList<>();
            k.path("resources").forEach(e -> entries.add(e.asText()));
            k.path("components").forEach(e -> entries.add(e.asText()));
            k.path("patches").forEach(p -> {
                if (p.hasNonNull("path")) {
                    entries.add(p.get("path").asText());
                }
            });
            k.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> {
                String spec = f.asText();
                entries.add(spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec);
            }));
            for (String entry : entries) {
                Path path = dir.resolve(entry).normalize();
                if (Files.isDirectory(path) && !Files.isRegularFile(path.resolve(Kustomize.KUSTOMIZATION))) {
                    problems.add(kustomization + ": directory without kustomization.yaml: " + entry);
                } else if (!Files.exists(path)) {
                    problems.add(kustomization + ": missing " + entry);
                } else if (!path.startsWith(K8S)) {
                    problems.add(kustomization + ": points outside k8s/: " + entry);
                }
                referenced.add(Files.isDirectory(path) ? path.resolve(Kustomize.KUSTOMIZATION) : path);
            }
        }
        assertThat(problems).isEmpty();
        List<Path> unreferenced = allFiles().stream()
                .filter(f -> !f.getFileName().toString().equals("README.md"))
                .filter(f -> !referenced.contains(f))
                // Entry points: the overlays, and the components an overlay may add (each is rendered on its own below).
                .filter(f -> !f.getFileName().toString().equals(Kustomize.KUSTOMIZATION)
                        || !(f.getParent().getParent().equals(K8S.resolve("overlays"))
                                || f.getParent().getParent().equals(K8S.resolve("components"))))
                .toList();
        assertThat(unreferenced).as("files no kustomization uses").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlaysDeployTheSixServicesHardenedOnTheirConventionalPorts(String overlay) {
        List<ObjectNode> resources = Kustomize.build(K8S.resolve("overlays").resolve(overlay));
        for (Service service : conventionServices()) {
            ObjectNode deployment = single(resources, "Deployment", service.name());
            assertServiceDeployment(deployment, service);
            JsonNode env = container(deployment).path("env");
            assertThat(envValue(env, "QUARKUS_DATASOURCE_JDBC_URL")).endsWith("/" + service.database());
            assertThat(envValue(env, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo(service.role());
            assertThat(container(deployment).path("image").asText())
                    .as("image of %s", service.name()).startsWith("registry.example.com/").contains(service.name() + ":");

            ObjectNode k8sService = single(resources, "Service", service.name());
            assertThat(k8sService.at("/spec/ports/0/port").asInt()).isEqualTo(service.port());
            assertThat(k8sService.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
            assertThat(single(resources, "ServiceAccount", service.name())).isNotNull();
            assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(service.name());
        }
        // The sync chain: order-service reaches each participant through its Service on the conventional port.
        JsonNode orderEnv = container(single(resources, "Deployment", "order-service")).path("env");
        for (String participant : List.of("inventory", "payment", "fulfillment", "notification")) {
            Service target = conventionServices().stream().filter(s -> s.name().equals(participant + "-service"))
                    .findFirst().orElseThrow();
            assertThat(envValue(orderEnv, "QUARKUS_REST_CLIENT_" + participant.toUpperCase() + "_URL"))
                    .isEqualTo("http://" + target.name() + ":" + target.port());
        }
        // The console: the orchestrator reaches order-service through its Service on the conventional port.
        Service orderService = conventionServices().stream().filter(s -> s.name().equals("order-service"))
                .findFirst().orElseThrow();
        assertThat(envValue(container(single(resources, "Deployment", "saga-orchestrator")).path("env"),
                "ORDER_SERVICE_URL")).isEqualTo("http://order-service:" + orderService.port());
    }

    @Test
    void devRunsOneReplicaOfEachServiceAndOneKafkaNode() {
        List<ObjectNode> resources = Kustomize.build(K8S.resolve("overlays/dev"));
        for (Service service : conventionServices()) {
            assertThat(single(resources, "Deployment", service.name()).at("/spec/replicas").asInt()).isEqualTo(1);
        }
        assertThat(ofKind(resources, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(ofKind(resources, "KafkaNodePool")).allSatisfy(pool ->
                assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(1));
        JsonNode kafkaConfig = ofKind(resources, "Kafka").get(0).at("/spec/kafka/config");
        assertThat(kafkaConfig.path("default.replication.factor").asInt()).isEqualTo(1);
        assertThat(kafkaConfig.path("min.insync.replicas").asInt()).isEqualTo(1);
        assertThat(kafkaConfig.path("offsets.topic.replication.factor").asInt()).isEqualTo(1);
    }

    @Test
    void prodScalesEveryServiceOutWithDisruptionBudgetAutoscalerAndAntiAffinity() {
        List<ObjectNode> resources = Kustomize.build(K8S.resolve("overlays/prod"));
        for (Service service : conventionServices()) {
            ObjectNode deployment = single(resources, "Deployment", service.name());
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
            JsonNode antiAffinity = deployment.at("/spec/template/spec/affinity/podAntiAffinity"
                    + "/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm");
            assertThat(antiAffinity.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
            assertSelects(antiAffinity.at("/labelSelector/matchLabels"), podLabels, service.name());

            ObjectNode budget = single(resources, "PodDisruptionBudget", service.name());
            assertSelects(budget.at("/spec/selector/matchLabels"), podLabels, service.name());
            ObjectNode autoscaler = single(resources, "HorizontalPodAutoscaler", service.name());
            assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo(service.name());
            assertThat(autoscaler.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
            // Consumers beyond the partition count would sit idle.
            assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isBetween(2, 4);
        }
        assertThat(ofKind(resources, "KafkaNodePool").get(0).at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void oneKafkaTopicPerTopicWithFourPartitionsOnTheClusterTheServicesUse(String overlay) {
        List<ObjectNode> resources = Kustomize.build(K8S.resolve("overlays").resolve(overlay));
        assertThat(TOPICS).containsAll(conventionTopics());
        String cluster = Kustomize.name(ofKind(resources, "Kafka").get(0));
        List<ObjectNode> topics = ofKind(resources, "KafkaTopic");
        assertThat(topics).extracting(t -> t.at("/spec/topicName").asText(Kustomize.name(t)))
                .containsExactlyInAnyOrderElementsOf(TOPICS);
        for (ObjectNode topic : topics) {
            assertThat(topic.at("/spec/partitions").asInt()).as("partitions of %s", Kustomize.name(topic)).isEqualTo(4);
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
        }
        String bootstrap = configMapValue(resources, "ordersaga-platform", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).isEqualTo(cluster + "-kafka-bootstrap:9092");
        assertThat(ofKind(resources, "KafkaConnect").get(0).at("/spec/bootstrapServers").asText()).isEqualTo(bootstrap);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyOutboxConnectorIsTheSharedTemplatePlusOnlyItsDatabaseKeys(String kustomization) {
        ObjectNode template = Kustomize.readDocuments(CONNECTOR_TEMPLATE).get(0);
        Map<String, String> shared = strings(template.at("/spec/config"));
        assertThat(shared).as("the template must not hold database-specific keys")
                .doesNotContainKeys(DATABASE_SPECIFIC_KEYS.toArray(String[]::new));

        List<ObjectNode> resources = Kustomize.build(K8S.resolve(kustomization));
        List<ObjectNode> connectors = ofKind(resources, "KafkaConnector");
        assertThat(connectors).extracting(c -> c.at("/spec/config/database.dbname").asText())
                .containsExactlyInAnyOrderElementsOf(conventionServices().stream().map(Service::database).toList());
        for (ObjectNode connector : connectors) {
            Map<String, String> config = strings(connector.at("/spec/config"));
            String database = config.get("database.dbname");
            assertThat(Kustomize.name(connector)).isEqualTo(database.replace('_', '-') + "-" + Kustomize.name(template));
            assertThat(connector.at("/spec/class")).isEqualTo(template.at("/spec/class"));
            assertThat(connector.at("/spec/tasksMax")).isEqualTo(template.at("/spec/tasksMax"));
            Map<String, String> sharedPart = new LinkedHashMap<>(config);
            sharedPart.keySet().removeAll(DATABASE_SPECIFIC_KEYS);
            assertThat(sharedPart).as("settings of %s besides the database keys", database).isEqualTo(shared);
            assertThat(config.keySet()).as("database keys of %s", database).containsAll(DATABASE_SPECIFIC_KEYS);
            assertThat(config.get("slot.name")).isEqualTo("outbox_" + database);
            assertThat(config.get("topic.prefix")).isEqualTo(database);
            assertThat(config.get("database.password")).matches(CONFIG_PLACEHOLDER);

            // The connector runs on the KafkaConnect its label names, which can resolve every placeholder it uses.
            String cluster = connector.at("/metadata/labels/strimzi.io~1cluster").asText();
            ObjectNode connect = single(resources, "KafkaConnect", cluster);
            assertThat(connect.at("/metadata/annotations/strimzi.io~1use-connector-resources").asText()).isEqualTo("true");
            for (String value : config.values()) {
                Matcher env = Pattern.compile("\\$\\{env:([^}]+)}").matcher(value);
                while (env.find()) {
                    assertThat(connect.at("/spec/config/config.providers").asText().split(",")).contains("env");
                    JsonNode variable = byName(connect.at("/spec/template/connectContainer/env"), env.group(1));
                    assertThat(variable).as("env %s of KafkaConnect %s", env.group(1), cluster).isNotNull();
                    if (SECRET_LIKE_NAME.matcher(env.group(1)).matches()) {
                        assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).isNotBlank();
                    }
                }
            }
        }
        assertThat(connectors).extracting(Kustomize::name).doesNotContain(Kustomize.name(template));
    }

    @Test
    void noSecretValueIsWrittenInAnyManifest() {
        List<String> problems = new ArrayList<>();
        for (Path file : yamlFiles()) {
            for (ObjectNode document : Kustomize.readDocuments(file)) {
                if (document.path("kind").asText().equals("Secret")) {
                    problems.add(file + ": a Secret belongs in the cluster, not the repository");
                }
            }
        }
        List<ObjectNode> rendered = new ArrayList<>();
        rendered.addAll(Kustomize.build(K8S.resolve("overlays/dev")));
        rendered.addAll(Kustomize.build(K8S.resolve("overlays/prod")));
        for (Path component : componentDirs()) {
            rendered.addAll(Kustomize.buildWithComponents(K8S.resolve("base"), List.of(component)));
        }
        for (ObjectNode resource : rendered) {
            String where = resource.path("kind").asText() + "/" + Kustomize.name(resource);
            resource.findParents("env").forEach(parent -> parent.path("env").forEach(variable -> {
                String name = variable.path("name").asText();
                String value = variable.path("value").asText("");
                if (SECRET_LIKE_NAME.matcher(name).matches()
                        && (variable.has("value") || variable.at("/valueFrom/secretKeyRef/name").asText().isBlank())) {
                    problems.add(where + ": env " + name + " must come from a secretKeyRef");
                }
                if (value.matches("(?i).*(password|secret)=.*") || value.matches(".*://[^/@:]+:[^/@]+@.*")) {
                    problems.add(where + ": env " + name + " carries a credential in its value");
                }
            }));
            for (String configPath : List.of("/spec/config", "/data")) {
                strings(resource.at(configPath)).forEach((key, value) -> {
                    if (SECRET_LIKE_NAME.matcher(key).matches() && !CONFIG_PLACEHOLDER.matcher(value).matches()) {
                        problems.add(where + ": " + key + " must be a config provider placeholder, not a value");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyComponentAppliesOnTheBaseAndKeepsItsDeploymentsHardened() {
        for (Path component : componentDirs()) {
            List<ObjectNode> resources = Kustomize.buildWithComponents(K8S.resolve("base"), List.of(component));
            for (ObjectNode deployment : ofKind(resources, "Deployment")) {
                assertPodHardened(deployment);
            }
        }
        List<ObjectNode> postgres = Kustomize.buildWithComponents(K8S.resolve("base"),
                List.of(K8S.resolve("components/postgres")));
        ObjectNode statefulSet = single(postgres, "StatefulSet", "postgres");
        assertPodHardened(statefulSet);
        assertThat(String.join(" ", strings(statefulSet.at("/spec/template/spec/containers/0/args")).values()))
                .contains("wal_level=logical");
        String host = configMapValue(postgres, "ordersaga-platform", "DB_HOST");
        assertThat(single(postgres, "Service", host).at("/spec/ports/0/port").asInt())
                .isEqualTo(Integer.parseInt(configMapValue(postgres, "ordersaga-platform", "DB_PORT")));
    }

    @Test
    void faultInjectionIsAllowedInProdOnlyOnTheParticipants() {
        List<ObjectNode> resources = Kustomize.buildWithComponents(K8S.resolve("base"),
                List.of(K8S.resolve("components/fault-injection")));
        for (Service service : conventionServices()) {
            JsonNode env = container(single(resources, "Deployment", service.name())).path("env");
            boolean participant = !Set.of("order-service", "saga-orchestrator").contains(service.name());
            assertThat(envValue(env, "ORDERSAGA_FAULTS_ALLOWED_IN_PROD")).as(service.name())
                    .isEqualTo(participant ? "true" : null);
            assertThat(envValue(env, "ORDERSAGA_FAULTS_ENABLED")).as(service.name())
                    .isEqualTo(participant ? "true" : null);
        }
    }

    @Test
    void orderQueryIsTheOrderServiceImageMadeReadOnlyAndServesGetOrders() {
        List<ObjectNode> resources = Kustomize.build(K8S.resolve("overlays/prod"));
        ObjectNode command = single(resources, "Deployment", "order-service");
        ObjectNode query = single(resources, "Deployment", "order-query");
        Service order = conventionServices().get(0);
        assertServiceDeployment(query, new Service("order-query", order.port(), order.database(), order.role()));
        assertThat(container(query).path("image")).isEqualTo(container(command).path("image"));
        JsonNode env = container(query).path("env");
        assertThat(envValue(env, "QUARKUS_DATASOURCE_JDBC_URL")).contains("/order_db?").contains("readOnly=true")
                .contains("readOnlyMode=always");
        assertThat(envValue(env, "QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("false");
        assertThat(envValue(env, "MP_MESSAGING_INCOMING_ORDER_COMMANDS_ENABLED")).isEqualTo("false");
        assertThat(envValue(env, "QUARKUS_SCHEDULER_ENABLED")).isEqualTo("false");
        assertThat(single(resources, "HorizontalPodAutoscaler", "order-query").at("/spec/scaleTargetRef/name").asText())
                .isEqualTo("order-query");

        JsonNode rules = single(resources, "HTTPRoute", "orders").at("/spec/rules");
        assertThat(rules.get(0).at("/matches/0/method").asText()).isEqualTo("GET");
        assertThat(rules.get(0).at("/backendRefs/0/name").asText()).isEqualTo("order-query");
        assertThat(rules.get(1).at("/backendRefs/0/name").asText()).isEqualTo("order-service");
    }

    @Test
    void databaseBootstrapTakesTheSameStepsAsThePlatformForEveryService() throws IOException {
        String script = Files.readString(K8S.resolve("components/postgres/bootstrap-databases.sh"));
        String platform = Files.readString(ROOT.resolve(
                "platform/src/main/java/org/ordersaga/platform/DatabaseBootstrap.java"));
        for (String step : List.of("LOGIN REPLICATION PASSWORD", "CREATE DATABASE", "REVOKE ALL ON DATABASE",
                "GRANT CONNECT ON DATABASE", "REVOKE ALL ON SCHEMA public FROM PUBLIC", "GRANT ALL ON SCHEMA public TO",
                "CREATE SCHEMA IF NOT EXISTS outbox AUTHORIZATION", "GRANT USAGE ON SCHEMA outbox TO",
                "IN SCHEMA outbox GRANT SELECT ON TABLES TO", "CREATE PUBLICATION", "outbox_publication",
                "FOR TABLES IN SCHEMA outbox",
                "pg_create_logical_replication_slot", "'pgoutput'", "cdc_relay", "outbox_")) {
            assertThat(script).as("bootstrap script step").contains(step);
            assertThat(platform).as("DatabaseBootstrap step").contains(step);
        }
        for (Service service : conventionServices()) {
            assertThat(script).contains("bootstrap_service " + service.database() + " " + service.role() + " ");
        }
    }

    // ---- shared assertions

    private static void assertServiceDeployment(ObjectNode deployment, Service service) {
        String name = service.name();
        JsonNode container = container(deployment);
        JsonNode httpPort = byName(container.path("ports"), "http");
        assertThat(httpPort).as("http port of %s", name).isNotNull();
        assertThat(httpPort.path("containerPort").asInt()).as("port of %s", name).isEqualTo(service.port());
        assertProbe(container, "readinessProbe", "/q/health/ready", service.port(), name);
        assertProbe(container, "livenessProbe", "/q/health/live", service.port(), name);
        assertProbe(container, "startupProbe", "/q/health/started", service.port(), name);
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.at("/resources/" + kind + "/" + resource).asText())
                        .as("%s %s of %s", kind, resource, name).isNotBlank();
            }
        }
        JsonNode env = container.path("env");
        String javaOptions = envValue(env, "JAVA_TOOL_OPTIONS");
        Matcher ramPercentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOptions == null ? "" : javaOptions);
        assertThat(ramPercentage.find()).as("the heap of %s follows its memory limit", name).isTrue();
        assertThat(Integer.parseInt(ramPercentage.group(1))).isBetween(50, 80);
        assertThat(envValue(env, "JAVA_MAX_MEM_RATIO")).as("the UBI launcher's heap ratio of %s", name)
                .isEqualTo(ramPercentage.group(1));
        assertThat(envValue(env, "QUARKUS_PROFILE")).isEqualTo("prod");
        assertThat(envValue(env, "QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://");
        assertThat(byName(env, "DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .as("DB password of %s", name).isNotBlank();
        assertThat(byName(env, "KAFKA_BOOTSTRAP_SERVERS")).as("Kafka of %s", name).isNotNull();
        assertThat(byName(env, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")).as("OTLP of %s", name).isNotNull();
        assertPodHardened(deployment);
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port, String name) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as("%s path of %s", probe, name).isEqualTo(path);
        JsonNode probePort = get.path("port");
        int resolved = probePort.isInt() ? probePort.asInt()
                : byName(container.path("ports"), probePort.asText()).path("containerPort").asInt();
        assertThat(resolved).as("%s port of %s", probe, name).isEqualTo(port);
    }

    private static void assertPodHardened(ObjectNode workload) {
        String name = workload.path("kind").asText() + "/" + Kustomize.name(workload);
        JsonNode pod = workload.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("runAsNonRoot of %s", name).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as("seccomp of %s", name)
                .isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("token of %s", name).isFalse();
        for (JsonNode container : pod.path("containers")) {
            JsonNode security = container.path("securityContext");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("read-only root of %s", name).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as("escalation in %s", name).isFalse();
            assertThat(strings(security.at("/capabilities/drop")).values()).as("capabilities of %s", name).contains("ALL");
            assertThat(container.at("/resources/limits/memory").asText()).as("memory limit of %s", name).isNotBlank();
        }
        if (workload.path("kind").asText().equals("Deployment")
                && workload.at("/spec/template/spec/containers/0/env").toString().contains("JAVA_TOOL_OPTIONS")) {
            // A Quarkus service writes only to /tmp, which must be a writable volume.
            JsonNode tmp = null;
            for (JsonNode mount : pod.at("/containers/0/volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/tmp")) {
                    tmp = byName(pod.path("volumes"), mount.path("name").asText());
                }
            }
            assertThat(tmp).as("/tmp volume of %s", name).isNotNull();
            assertThat(tmp.has("emptyDir")).isTrue();
        }
    }

    private static void assertSelects(JsonNode selector, JsonNode podLabels, String name) {
        assertThat(selector.isObject() && selector.size() > 0).as("selector for %s", name).isTrue();
        selector.properties().forEach(e ->
                assertThat(podLabels.path(e.getKey())).as("selector %s of %s", e.getKey(), name).isEqualTo(e.getValue()));
    }

    // ---- reading

    /** The services table of docs/conventions.md: name, HTTP port, database, role. */
    private static List<Service> conventionServices() {
        Pattern row = Pattern.compile("^\\| ([a-z-]+) \\| `[a-z.]+` \\| (\\d+) \\| `(\\w+)` \\| `(\\w+)` \\|.*$",
                Pattern.MULTILINE);
        Matcher m = row.matcher(conventions());
        List<Service> services = new ArrayList<>();
        while (m.find()) {
            services.add(new Service(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4)));
        }
        assertThat(services).as("services in docs/conventions.md").hasSize(6);
        return services;
    }

    /** The topics table of docs/conventions.md. */
    private static List<String> conventionTopics() {
        Matcher m = Pattern.compile("^\\| `([a-z-]+)` \\| [^|]+ \\| [^|]+ \\|$", Pattern.MULTILINE).matcher(conventions());
        List<String> topics = new ArrayList<>();
        while (m.find()) {
            topics.add(m.group(1));
        }
        assertThat(topics).as("topics in docs/conventions.md").hasSizeGreaterThanOrEqualTo(7);
        return topics;
    }

    private static String conventions() {
        try {
            return Files.readString(ROOT.resolve("docs/conventions.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> componentDirs() {
        try (Stream<Path> dirs = Files.list(K8S.resolve("components"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles() {
        return allFiles().stream().filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList();
    }

    private static List<Path> allFiles() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(Files::isRegularFile).map(Path::normalize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    private static ObjectNode single(List<ObjectNode> resources, String kind, String name) {
        List<ObjectNode> found = ofKind(resources, kind).stream().filter(r -> Kustomize.name(r).equals(name)).toList();
        if (found.size() != 1) {
            fail("expected one %s %s, found %d", kind, name, found.size());
        }
        return found.get(0);
    }

    private static JsonNode container(ObjectNode workload) {
        return workload.at("/spec/template/spec/containers/0");
    }

    private static JsonNode byName(JsonNode list, String name) {
        for (JsonNode element : list) {
            if (element.path("name").asText().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String envValue(JsonNode env, String name) {
        JsonNode variable = byName(env, name);
        return variable == null || !variable.has("value") ? null : variable.get("value").asText();
    }

    private static String configMapValue(List<ObjectNode> resources, String configMap, String key) {
        return single(resources, "ConfigMap", configMap).at("/data/" + key).asText();
    }

    /** A mapping or list of scalars as strings (numbers and booleans as YAML wrote them). */
    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                values.put(Integer.toString(i), node.get(i).asText());
            }
        }
        return values;
    }
}
