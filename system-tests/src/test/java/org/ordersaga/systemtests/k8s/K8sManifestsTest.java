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
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.ordersaga.contracts.Topics;

/**
 * The Kubernetes manifests under k8s/, checked without a cluster on what the real kustomize renders ({@code kubectl
 * kustomize}, skipped where kubectl is absent): every YAML parses, every kustomization references files that exist
 * (and every file is referenced), every rendered object is valid for its API model (ApiSchema), and the overlays deploy
 * the six services as docs/conventions.md names them, hardened, with secrets only by reference, one KafkaTopic per
 * topic, one outbox KafkaConnector per database whose settings are exactly the shared template's plus the database's
 * own, NetworkPolicies that deny by default and allow each real flow, Kafka users limited to what each service
 * consumes, and alerts, scrapes and a dashboard on the metrics the system really exports.
 */
class K8sManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("ordersaga.root", "..")).toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final Path CONNECTOR_TEMPLATE = K8S.resolve("base/cdc/outbox-connector.yaml");

    /** The topics the platform creates: the conventions' table plus their dead-letter topics. */
    private static final List<String> TOPICS = Topics.ALL;

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
            List<ObjectNode> documents = KubectlKustomize.readDocuments(file);
            assertThat(documents).as("documents of %s", file).isNotEmpty();
            for (ObjectNode document : documents) {
                assertThat(document.path("apiVersion").asText()).as("apiVersion in %s", file).isNotBlank();
                assertThat(document.path("kind").asText()).as("kind in %s", file).isNotBlank();
                if (!file.getFileName().toString().equals(KubectlKustomize.KUSTOMIZATION)) {
                    assertThat(KubectlKustomize.name(document)).as("metadata.name in %s", file).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyKustomizationReferencesExistingFilesAndEveryManifestIsReferenced() {
        Set<Path> referenced = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path kustomization : yamlFiles().stream()
                .filter(f -> f.getFileName().toString().equals(KubectlKustomize.KUSTOMIZATION)).toList()) {
            Path dir = kustomization.getParent();
            JsonNode k = KubectlKustomize.readDocuments(kustomization).get(0);
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
                if (Files.isDirectory(path) && !Files.isRegularFile(path.resolve(KubectlKustomize.KUSTOMIZATION))) {
                    problems.add(kustomization + ": directory without kustomization.yaml: " + entry);
                } else if (!Files.exists(path)) {
                    problems.add(kustomization + ": missing " + entry);
                } else if (!path.startsWith(K8S)) {
                    problems.add(kustomization + ": points outside k8s/: " + entry);
                }
                referenced.add(Files.isDirectory(path) ? path.resolve(KubectlKustomize.KUSTOMIZATION) : path);
            }
        }
        assertThat(problems).isEmpty();
        List<Path> unreferenced = allFiles().stream()
                .filter(f -> !f.getFileName().toString().equals("README.md"))
                .filter(f -> !referenced.contains(f))
                // Entry points: the overlays, and the components an overlay may add (each is rendered on its own below).
                .filter(f -> !f.getFileName().toString().equals(KubectlKustomize.KUSTOMIZATION)
                        || !(f.getParent().getParent().equals(K8S.resolve("overlays"))
                                || f.getParent().getParent().equals(K8S.resolve("components"))))
                .toList();
        assertThat(unreferenced).as("files no kustomization uses").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlaysDeployTheSixServicesHardenedOnTheirConventionalPorts(String overlay) {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays").resolve(overlay));
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
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/dev"));
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
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
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
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays").resolve(overlay));
        assertThat(TOPICS).containsAll(conventionTopics());
        String cluster = KubectlKustomize.name(ofKind(resources, "Kafka").get(0));
        List<ObjectNode> topics = ofKind(resources, "KafkaTopic");
        assertThat(topics).extracting(t -> t.at("/spec/topicName").asText(KubectlKustomize.name(t)))
                .containsExactlyInAnyOrderElementsOf(TOPICS);
        for (ObjectNode topic : topics) {
            assertThat(topic.at("/spec/partitions").asInt()).as("partitions of %s", KubectlKustomize.name(topic)).isEqualTo(4);
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
        }
        String bootstrap = configMapValue(resources, "ordersaga-platform", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).isEqualTo(cluster + "-kafka-bootstrap:9093");
        assertThat(ofKind(resources, "KafkaConnect").get(0).at("/spec/bootstrapServers").asText()).isEqualTo(bootstrap);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyOutboxConnectorIsTheSharedTemplatePlusOnlyItsDatabaseKeys(String kustomization) {
        ObjectNode template = KubectlKustomize.readDocuments(CONNECTOR_TEMPLATE).get(0);
        Map<String, String> shared = strings(template.at("/spec/config"));
        assertThat(shared).as("the template must not hold database-specific keys")
                .doesNotContainKeys(DATABASE_SPECIFIC_KEYS.toArray(String[]::new));

        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve(kustomization));
        List<ObjectNode> connectors = ofKind(resources, "KafkaConnector");
        assertThat(connectors).extracting(c -> c.at("/spec/config/database.dbname").asText())
                .containsExactlyInAnyOrderElementsOf(conventionServices().stream().map(Service::database).toList());
        for (ObjectNode connector : connectors) {
            Map<String, String> config = strings(connector.at("/spec/config"));
            String database = config.get("database.dbname");
            assertThat(KubectlKustomize.name(connector)).isEqualTo(database.replace('_', '-') + "-" + KubectlKustomize.name(template));
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
        assertThat(connectors).extracting(KubectlKustomize::name).doesNotContain(KubectlKustomize.name(template));
    }

    @Test
    void noSecretValueIsWrittenInAnyManifest() {
        List<String> problems = new ArrayList<>();
        for (Path file : yamlFiles()) {
            for (ObjectNode document : KubectlKustomize.readDocuments(file)) {
                if (document.path("kind").asText().equals("Secret")) {
                    problems.add(file + ": a Secret belongs in the cluster, not the repository");
                }
            }
        }
        List<ObjectNode> rendered = new ArrayList<>();
        rendered.addAll(KubectlKustomize.build(K8S.resolve("overlays/dev")));
        rendered.addAll(KubectlKustomize.build(K8S.resolve("overlays/prod")));
        for (Path component : componentDirs()) {
            rendered.addAll(KubectlKustomize.buildWithComponents(K8S.resolve("base"), List.of(component)));
        }
        for (ObjectNode resource : rendered) {
            String where = resource.path("kind").asText() + "/" + KubectlKustomize.name(resource);
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
            List<ObjectNode> resources = KubectlKustomize.buildWithComponents(K8S.resolve("base"), List.of(component));
            for (ObjectNode deployment : ofKind(resources, "Deployment")) {
                assertPodHardened(deployment);
            }
        }
        List<ObjectNode> postgres = KubectlKustomize.buildWithComponents(K8S.resolve("base"),
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
        List<ObjectNode> resources = KubectlKustomize.buildWithComponents(K8S.resolve("base"),
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
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
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

    @Test
    void noDatabaseConnectionRuleAdmitsPhysicalReplication() throws IOException {
        String script = Files.readString(K8S.resolve("components/postgres/bootstrap-databases.sh"));
        String platform = Files.readString(ROOT.resolve(
                "platform/src/main/java/org/ordersaga/platform/DatabaseBootstrap.java"));
        // cdc_relay's logical decoding matches its database's line; a `replication` line would admit a base backup.
        Pattern physicalReplication = Pattern.compile("(?m)^\\s*(local|host\\w*)\\s+replication\\s");
        for (String source : List.of(script, platform)) {
            assertThat(source).contains("pg_hba.conf").contains("scram-sha-256");
            assertThat(physicalReplication.matcher(source).find()).isFalse();
        }
    }

    /** A %prod placeholder without a default (a password, mostly) that no env variable sets stops the pod at start. */
    @Test
    void everyVariableAServicesProdProfileNeedsIsSetOnItsDeployment() throws IOException {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        Pattern required = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
        for (Service service : conventionServices()) {
            List<String> deployments = service.name().equals("order-service")
                    ? List.of("order-service", "order-query") : List.of(service.name());
            for (String line : Files.readAllLines(
                    ROOT.resolve(service.name()).resolve("src/main/resources/application.properties"))) {
                if (!line.startsWith("%prod.")) {
                    continue;
                }
                for (Matcher variable = required.matcher(line); variable.find();) {
                    for (String deployment : deployments) {
                        JsonNode env = byName(container(single(resources, "Deployment", deployment)).path("env"),
                                variable.group(1));
                        assertThat(env).as("env %s of %s", variable.group(1), deployment).isNotNull();
                        if (SECRET_LIKE_NAME.matcher(variable.group(1)).matches()) {
                            assertThat(env.at("/valueFrom/secretKeyRef/name").asText())
                                    .as("Secret of %s on %s", variable.group(1), deployment).isNotBlank();
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyRenderedObjectOfAnOverlayIsValidForItsApiModel(String overlay) {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve(overlay));
        assertThat(resources).isNotEmpty();
        assertThat(resources.stream().flatMap(r -> ApiSchema.problems(r).stream()).toList()).isEmpty();
    }

    @Test
    void everyComponentRendersOnTheBaseIntoObjectsValidForTheirApiModel() {
        List<String> problems = new ArrayList<>();
        for (Path component : componentDirs()) {
            for (ObjectNode resource : KubectlKustomize.buildWithComponents(K8S.resolve("base"), List.of(component))) {
                ApiSchema.problems(resource).forEach(p -> problems.add(K8S.relativize(component) + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaCheckRefusesAMisspelledFieldInADeploymentAndInAKafkaConnector() {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        ObjectNode deployment = single(resources, "Deployment", "payment-service").deepCopy();
        assertThat(ApiSchema.problems(deployment)).isEmpty();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThat(ApiSchema.problems(deployment)).singleElement().asString().contains("readinesProbe");

        ObjectNode connector = single(resources, "KafkaConnector", "payment-db-outbox-connector").deepCopy();
        assertThat(ApiSchema.problems(connector)).isEmpty();
        ObjectNode spec = (ObjectNode) connector.path("spec");
        spec.set("taskMax", spec.remove("tasksMax"));
        assertThat(ApiSchema.problems(connector)).singleElement().asString().contains("taskMax");
    }

    @Test
    void theSchemaCheckRefusesFieldsOutsideTheStrimziApiVersionAndUnknownKinds() {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        // In v1 the storage topics and the group are spec fields, required; external configuration is gone.
        ObjectNode connect = ofKind(resources, "KafkaConnect").get(0).deepCopy();
        ((ObjectNode) connect.path("spec")).remove("groupId");
        ((ObjectNode) connect.path("spec")).putObject("externalConfiguration");
        assertThat(ApiSchema.problems(connect)).anyMatch(p -> p.contains("groupId") && p.contains("required"))
                .anyMatch(p -> p.contains("externalConfiguration") && p.contains("not in v1"));
        ObjectNode oldTopic = ofKind(resources, "KafkaTopic").get(0).deepCopy();
        oldTopic.put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertThat(ApiSchema.problems(oldTopic)).singleElement().asString().contains("no API model");
        assertThat(ApiSchema.inRange("v1", "v1alpha1-v1beta2")).isFalse();
        assertThat(ApiSchema.inRange("v1", "v1beta2+")).isTrue();
    }

    // ---- security

    /** A pod as NetworkPolicies see it: its namespace's labels and its own. */
    record Pod(String what, Map<String, String> namespaceLabels, Map<String, String> labels, Map<String, Integer> ports) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theNamespaceDeniesAllTrafficByDefaultAndAllowsEachFlowThatExists(String overlay) {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays").resolve(overlay));
        List<ObjectNode> policies = ofKind(resources, "NetworkPolicy");
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.at("/spec/podSelector").size()).as("selects every pod").isZero();
            assertThat(strings(p.at("/spec/policyTypes")).values()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.at("/spec/ingress").isMissingNode() && p.at("/spec/egress").isMissingNode()).isTrue();
        });
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (ObjectNode workload : resources) {
            if (Set.of("Deployment", "StatefulSet").contains(workload.path("kind").asText())) {
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (JsonNode container : workload.at("/spec/template/spec/containers")) {
                    container.path("ports").forEach(port -> ports.put(port.path("name").asText(),
                            port.path("containerPort").asInt()));
                }
                pods.put(KubectlKustomize.name(workload), new Pod(KubectlKustomize.name(workload), Map.of(),
                        strings(workload.at("/spec/template/metadata/labels")), ports));
            }
        }
        // Strimzi's pods carry these labels (the operator sets them).
        pods.put("kafka", new Pod("kafka", Map.of(), Map.of("strimzi.io/cluster", "ordersaga", "strimzi.io/kind", "Kafka"),
                Map.of("tcp-replication", 9091, "tcp-tls", 9093)));
        pods.put("kafka-connect", new Pod("kafka-connect", Map.of(),
                Map.of("strimzi.io/cluster", "cdc", "strimzi.io/kind", "KafkaConnect"), Map.of()));
        Pod prometheus = new Pod("prometheus", Map.of("kubernetes.io/metadata.name", "monitoring"),
                Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        Pod gateway = new Pod("gateway", Map.of("kubernetes.io/metadata.name", "gateway"),
                Map.of("gateway.networking.k8s.io/gateway-name", "ordersaga"), Map.of());
        Pod intruder = new Pod("some other pod", Map.of(), Map.of("app.kubernetes.io/name", "intruder"), Map.of());

        List<String> missing = new ArrayList<>();
        List<Service> services = new ArrayList<>(conventionServices());
        if (pods.containsKey("order-query")) {
            services.add(new Service("order-query", 8081, "order_db", "order_service"));
        }
        for (Service service : services) {
            Pod pod = pods.get(service.name());
            requireFlow(policies, pod, pods.get("postgres"), 5432, missing);
            requireFlow(policies, pod, pods.get("otel-collector"), 4317, missing);
            requireEgress(policies, pod, pods.get("kafka"), 9093, missing);
            requireFlow(policies, prometheus, pod, service.port(), missing);
            assertThat(allowed(policies, intruder, pod, service.port(), true)).as("%s open to any pod", service.name())
                    .isFalse();
        }
        for (String participant : List.of("inventory", "payment", "fulfillment", "notification")) {
            Pod target = pods.get(participant + "-service");
            requireFlow(policies, pods.get("order-service"), target, target.ports().get("http"), missing);
            assertThat(allowed(policies, pods.get("saga-orchestrator"), target, target.ports().get("http"), true))
                    .as("orchestrator -> %s over REST", participant).isFalse();
        }
        requireFlow(policies, pods.get("saga-orchestrator"), pods.get("order-service"), 8081, missing);
        requireFlow(policies, gateway, pods.get("order-service"), 8081, missing);
        requireFlow(policies, gateway, pods.get("saga-orchestrator"), 8086, missing);
        requireFlow(policies, pods.get("kafka-connect"), pods.get("postgres"), 5432, missing);
        requireEgress(policies, pods.get("kafka-connect"), pods.get("kafka"), 9093, missing);
        requireEgress(policies, pods.get("kafka"), pods.get("kafka"), 9091, missing);
        requireFlow(policies, prometheus, pods.get("postgres"), 9187, missing);
        assertThat(allowed(policies, prometheus, pods.get("kafka"), 9404, true)).as("Prometheus -> Kafka").isTrue();
        assertThat(allowed(policies, prometheus, pods.get("kafka-connect"), 9404, true)).as("Prometheus -> Connect")
                .isTrue();
        if (pods.containsKey("zipkin")) {
            requireFlow(policies, pods.get("otel-collector"), pods.get("zipkin"), 9411, missing);
        }
        assertThat(allowed(policies, intruder, pods.get("postgres"), 5432, true)).as("postgres open to any pod").isFalse();
        assertThat(missing).as("flows no policy allows").isEmpty();

        // The brokers' ingress is Strimzi's policy, generated from the listener's peers: the services and Connect only.
        JsonNode peers = ofKind(resources, "Kafka").get(0).at("/spec/kafka/listeners/0/networkPolicyPeers");
        assertThat(peers.size()).isPositive();
        for (Service service : services) {
            assertThat(peerMatches(peers, pods.get(service.name()))).as("%s -> Kafka", service.name()).isTrue();
        }
        assertThat(peerMatches(peers, pods.get("kafka-connect"))).isTrue();
        assertThat(peerMatches(peers, intruder)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAuthenticatesEveryClientAndEachServiceIsAKafkaUserLimitedToWhatItConsumes(String overlay) throws IOException {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays").resolve(overlay));
        ObjectNode kafka = ofKind(resources, "Kafka").get(0);
        assertThat(kafka.at("/spec/kafka/listeners")).allSatisfy(listener -> {
            assertThat(listener.at("/authentication/type").asText()).isIn("scram-sha-512", "tls");
            assertThat(listener.path("tls").asBoolean()).as("listener %s encrypted", listener.path("name")).isTrue();
        });
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        assertThat(kafka.at("/spec/entityOperator/userOperator").isObject()).isTrue();
        String cluster = KubectlKustomize.name(kafka);

        for (Service service : conventionServices()) {
            Properties config = applicationProperties(service.name());
            Set<String> reads = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            Set<String> deadLetters = new TreeSet<>();
            // What the service's own configuration consumes: its channels' topics, groups and dead-letter topics.
            config.stringPropertyNames().stream().filter(k -> k.startsWith("mp.messaging.incoming.")).forEach(key -> {
                String value = config.getProperty(key);
                if (key.endsWith(".dead-letter-queue.topic")) {
                    deadLetters.add(value);
                } else if (key.endsWith(".topic") || key.endsWith(".topics")) {
                    reads.addAll(List.of(value.split(",")));
                } else if (key.endsWith(".group.id")) {
                    groups.add(value);
                }
            });
            assertThat(reads).as("topics %s consumes", service.name()).isNotEmpty();

            ObjectNode user = single(resources, "KafkaUser", service.name());
            assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
            assertThat(user.at("/spec/authentication/type").asText()).isIn("scram-sha-512", "tls");
            JsonNode acls = user.at("/spec/authorization/acls");
            assertThat(aclNames(acls, "topic", "Read")).as("topics %s may read", service.name())
                    .containsExactlyInAnyOrderElementsOf(reads);
            assertThat(aclNames(acls, "group", "Read")).as("groups of %s", service.name())
                    .containsExactlyInAnyOrderElementsOf(groups);
            Set<String> writes = aclNames(acls, "topic", "Write");
            assertThat(writes).as("dead-letter topics of %s", service.name()).containsAll(deadLetters);
            if (!service.name().equals("saga-orchestrator")) {
                assertThat(writes).as("a participant writes only its dead letters").isEqualTo(deadLetters);
            } else {
                // Replaying a dead letter writes it back to its original topic: those topics, nothing else.
                assertThat(writes).allMatch(t -> TOPICS.contains(t));
            }
            for (JsonNode acl : acls) {
                assertThat(acl.at("/resource/name").asText()).as("wildcard ACL of %s", service.name()).doesNotContain("*");
                assertThat(acl.at("/resource/patternType").asText("literal")).isEqualTo("literal");
                assertThat(strings(acl.path("operations")).values()).doesNotContain("All", "Alter", "Delete", "Create");
                assertThat(acl.at("/resource/type").asText()).isIn("topic", "group");
            }
            // The service authenticates as its KafkaUser, with the password Strimzi wrote to the user's Secret.
            JsonNode env = container(single(resources, "Deployment", service.name())).path("env");
            assertThat(byName(env, "KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name").asText())
                    .isEqualTo(KubectlKustomize.name(user));
        }
        ObjectNode connect = ofKind(resources, "KafkaConnect").get(0);
        assertThat(connect.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        ObjectNode cdc = single(resources, "KafkaUser", connect.at("/spec/authentication/username").asText());
        JsonNode cdcAcls = cdc.at("/spec/authorization/acls");
        assertThat(aclNames(cdcAcls, "topic", "Write")).containsAll(TOPICS.stream()
                .filter(t -> !t.endsWith(".dead-letter")).toList())
                .contains(connect.at("/spec/offsetStorageTopic").asText(), connect.at("/spec/configStorageTopic").asText(),
                        connect.at("/spec/statusStorageTopic").asText())
                .noneMatch(t -> t.endsWith(".dead-letter"));
        assertThat(aclNames(cdcAcls, "group", "Read")).containsExactly(connect.at("/spec/groupId").asText());
        assertThat(aclNames(cdcAcls, "topic", "Read")).containsExactlyInAnyOrder(
                connect.at("/spec/offsetStorageTopic").asText(), connect.at("/spec/configStorageTopic").asText(),
                connect.at("/spec/statusStorageTopic").asText());
        assertThat(connect.at("/spec/tls/trustedCertificates/0/secretName").asText()).isEqualTo(cluster + "-cluster-ca-cert");
        assertThat(ofKind(resources, "KafkaUser")).hasSize(conventionServices().size() + 1);
    }

    @Test
    void theProdOverlayHoldsNoSecretAndNoPlainTextCredential() {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        assertThat(ofKind(resources, "Secret")).isEmpty();
        List<String> credentials = new ArrayList<>();
        for (ObjectNode resource : resources) {
            collectPlainTextCredentials(resource, ApiSchema.typeOf(resource) + " " + KubectlKustomize.name(resource),
                    false, credentials);
        }
        assertThat(credentials).as("credential-like fields with a value").isEmpty();
        assertThat(resources.toString()).doesNotContain("PRIVATE KEY");
        // Every credential a pod gets is a reference to a Secret the cluster holds.
        for (ObjectNode resource : resources) {
            resource.findParents("secretKeyRef").forEach(parent ->
                    assertThat(parent.at("/secretKeyRef/name").asText()).isNotBlank());
        }
    }

    /**
     * A field named like a credential whose value is a literal: neither a reference object (secretKeyRef,
     * passwordSecret...), nor a config provider placeholder, nor the name of a key inside such a reference.
     */
    private static void collectPlainTextCredentials(JsonNode node, String path, boolean insideReference,
                                                    List<String> found) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectPlainTextCredentials(node.get(i), path + "[" + i + "]", insideReference, found);
            }
        }
        node.properties().forEach(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            // A Secret's name (secretName) or a reference object names where a credential is, not the credential.
            boolean reference = insideReference || name.endsWith("Secret") || name.endsWith("KeyRef")
                    || name.equals("secret") || name.equals("valueFrom") || name.equals("secretName");
            if (value.isTextual() && !reference && SECRET_LIKE_NAME.matcher(name).matches()
                    && !CONFIG_PLACEHOLDER.matcher(value.asText()).matches()) {
                found.add(path + "." + name);
            }
            // An env entry is {name, value}: its name says whether the value is a credential.
            if (name.equals("value") && value.isTextual() && node.has("name")
                    && SECRET_LIKE_NAME.matcher(node.path("name").asText()).matches()) {
                found.add(path + " env " + node.path("name").asText());
            }
            collectPlainTextCredentials(value, path + "." + name, reference, found);
        });
    }

    // ---- observability

    private static final List<String> ALERTS = List.of("OrderSagaStuck", "OrderSagaCompensationFailed",
            "OrderSagaDeadLetters", "OrderSagaRepliesLate", "OrderSagaCdcLag", "OrderSagaCdcConnectorDown",
            "OrderSagaReplicationSlotWalRetained");
    private static final Set<String> PROMQL_FUNCTIONS = Set.of("max", "sum", "rate", "increase", "histogram_quantile");

    @Test
    void prodAlertsOnWhatTheServicesReallyExportAndEachAlertLinksItsRunbookSection() throws IOException {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        String runbook = Files.readString(ROOT.resolve("docs/runbook.md"));
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("^## (.+)$", Pattern.MULTILINE).matcher(runbook);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (ObjectNode rule : ofKind(resources, "PrometheusRule")) {
            for (JsonNode group : rule.at("/spec/groups")) {
                for (JsonNode alert : group.path("rules")) {
                    alerts.put(alert.path("alert").asText(), alert);
                }
            }
        }
        assertThat(alerts.keySet()).containsExactlyInAnyOrderElementsOf(ALERTS);
        for (JsonNode alert : alerts.values()) {
            String name = alert.path("alert").asText();
            String link = alert.at("/annotations/runbook_url").asText();
            assertThat(link).as("runbook of %s", name).startsWith("docs/runbook.md#");
            assertThat(anchors).as("runbook section of %s", name).contains(link.substring(link.indexOf('#') + 1));
            assertThat(link.substring(link.indexOf('#') + 1)).isEqualTo(name.toLowerCase());
            assertThat(alert.at("/labels/severity").asText()).isIn("warning", "critical");
            assertThat(alert.at("/annotations/summary").asText()).isNotBlank();
            assertThat(unknownMetrics(alert.path("expr").asText())).as("metrics of %s", name).isEmpty();
        }
        // The retained-WAL alert fires well before PostgreSQL gives a slot up.
        long keep = bytes(postgresSetting(resources, "max_slot_wal_keep_size"));
        Matcher threshold = Pattern.compile("> (\\d+)$").matcher(alerts.get("OrderSagaReplicationSlotWalRetained")
                .path("expr").asText().trim());
        assertThat(threshold.find()).isTrue();
        assertThat(Long.parseLong(threshold.group(1))).isLessThan(keep).isGreaterThan(keep / 4);
    }

    @Test
    void prodScrapesTheServicesPostgresKafkaAndConnect() {
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        List<ObjectNode> serviceMonitors = ofKind(resources, "ServiceMonitor");
        List<Service> services = new ArrayList<>(conventionServices());
        services.add(new Service("order-query", 8081, "order_db", "order_service"));
        services.add(new Service("postgres", 9187, null, null));
        for (Service service : services) {
            ObjectNode k8sService = single(resources, "Service", service.name());
            JsonNode labels = k8sService.at("/metadata/labels");
            List<ObjectNode> scraping = serviceMonitors.stream()
                    .filter(m -> selectorMatches(m.at("/spec/selector"), strings(labels))).toList();
            assertThat(scraping).as("ServiceMonitor of %s", service.name()).hasSize(1);
            String port = scraping.get(0).at("/spec/endpoints/0/port").asText();
            assertThat(byName(k8sService.at("/spec/ports"), port)).as("port %s of Service %s", port, service.name())
                    .isNotNull();
        }
        assertThat(single(resources, "ServiceMonitor", "ordersaga-services").at("/spec/endpoints/0/path").asText())
                .isEqualTo("/q/metrics");
        ObjectNode podMonitor = single(resources, "PodMonitor", "kafka");
        assertThat(selectorMatches(podMonitor.at("/spec/selector"), Map.of("strimzi.io/kind", "Kafka"))).isTrue();
        assertThat(selectorMatches(podMonitor.at("/spec/selector"), Map.of("strimzi.io/kind", "KafkaConnect"))).isTrue();
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("tcp-prometheus");
        // Kafka, its consumer-group lag and Connect export metrics.
        ObjectNode kafka = ofKind(resources, "Kafka").get(0);
        assertThat(kafka.at("/spec/kafka/metricsConfig/type").asText()).isNotBlank();
        assertThat(kafka.at("/spec/kafkaExporter").isObject()).isTrue();
        ObjectNode connect = ofKind(resources, "KafkaConnect").get(0);
        JsonNode metrics = connect.at("/spec/metricsConfig");
        assertThat(configMapValue(resources, metrics.at("/valueFrom/configMapKeyRef/name").asText(),
                metrics.at("/valueFrom/configMapKeyRef/key").asText())).contains("MilliSecondsBehindSource");
    }

    @Test
    void theGrafanaDashboardShowsThroughputLatencyStuckSagasDeadLettersAndCdcLagFromExportedMetrics() throws IOException {
        Path file = K8S.resolve("components/monitoring/ordersaga-dashboard.json");
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));
        String all = String.join("\n", expressions);
        assertThat(all).contains("sagas_started_total", "saga_step_duration_seconds_bucket", "STUCK",
                "COMPENSATION_FAILED", "dead_letters_total", "debezium_postgres_streaming_milliseconds_behind_source",
                "pg_replication_slot_retained_wal_bytes");
        for (String expression : expressions) {
            assertThat(unknownMetrics(expression)).as("metrics of %s", expression).isEmpty();
        }
        List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays/prod"));
        assertThat(single(resources, "ConfigMap", "ordersaga-dashboard").at("/metadata/labels/grafana_dashboard").asText())
                .isEqualTo("1");
    }

    @Test
    void postgresBoundsTheWalASlotRetainsAndKeepsThePlatformsReplicationSettings() throws IOException {
        List<ObjectNode> postgres = KubectlKustomize.buildWithComponents(K8S.resolve("base"),
                List.of(K8S.resolve("components/postgres")));
        assertThat(bytes(postgresSetting(postgres, "max_slot_wal_keep_size"))).isPositive();
        String platform = Files.readString(ROOT.resolve("platform/src/main/java/org/ordersaga/platform/Postgres.java"));
        for (String setting : List.of("wal_level", "synchronous_commit")) {
            assertThat(platform).as("the platform's %s", setting)
                    .contains("setServerConfig(\"" + setting + "\", \"" + postgresSetting(postgres, setting) + "\")");
        }
        assertThat(Integer.parseInt(postgresSetting(postgres, "max_replication_slots")))
                .isGreaterThanOrEqualTo(conventionServices().size());
        // The heartbeat, which lets an idle connector confirm its WAL position, is in the definition both worlds read.
        ObjectNode template = KubectlKustomize.readDocuments(CONNECTOR_TEMPLATE).get(0);
        assertThat(template.at("/spec/config/heartbeat.interval.ms").asInt()).isPositive();
    }

    // ---- images

    @Test
    void everyServiceImageIsBuiltByItsModulesDockerfileAndTheOverlaysNameIt() {
        for (Service service : conventionServices()) {
            assertThat(ROOT.resolve(service.name()).resolve("src/main/docker/Dockerfile.jvm")).as(service.name())
                    .isRegularFile();
        }
        for (String overlay : List.of("dev", "prod")) {
            List<ObjectNode> resources = KubectlKustomize.build(K8S.resolve("overlays").resolve(overlay));
            for (ObjectNode deployment : ofKind(resources, "Deployment")) {
                String image = container(deployment).path("image").asText();
                if (Set.of("service", "query").contains(deployment.at("/metadata/labels/app.kubernetes.io~1component")
                        .asText())) {
                    String module = image.replaceAll(".*/", "").replaceAll(":.*", "");
                    assertThat(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"))
                            .as("image of %s", KubectlKustomize.name(deployment)).isRegularFile();
                }
            }
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
        String name = workload.path("kind").asText() + "/" + KubectlKustomize.name(workload);
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

    // ---- network policies, ACLs, metrics

    private static void requireFlow(List<ObjectNode> policies, Pod from, Pod to, int port, List<String> missing) {
        if (from == null || to == null) {
            missing.add("pod missing for " + from + " -> " + to);
            return;
        }
        if (from.namespaceLabels().isEmpty()) {
            requireEgress(policies, from, to, port, missing);
        }
        if (!allowed(policies, from, to, port, true)) {
            missing.add("ingress " + from.what() + " -> " + to.what() + ":" + port);
        }
    }

    private static void requireEgress(List<ObjectNode> policies, Pod from, Pod to, int port, List<String> missing) {
        if (from == null || to == null) {
            missing.add("pod missing for " + from + " -> " + to);
        } else if (!allowed(policies, from, to, port, false)) {
            missing.add("egress " + from.what() + " -> " + to.what() + ":" + port);
        }
    }

    /** Whether a policy of this namespace lets from reach to:port, at to's ingress or at from's egress. */
    private static boolean allowed(List<ObjectNode> policies, Pod from, Pod to, int port, boolean ingress) {
        Pod selected = ingress ? to : from;
        Pod peer = ingress ? from : to;
        for (ObjectNode policy : policies) {
            if (!selectorMatches(policy.at("/spec/podSelector"), selected.labels())
                    || !strings(policy.at("/spec/policyTypes")).containsValue(ingress ? "Ingress" : "Egress")) {
                continue;
            }
            for (JsonNode rule : policy.at(ingress ? "/spec/ingress" : "/spec/egress")) {
                JsonNode peers = rule.path(ingress ? "from" : "to");
                boolean peerOk = peers.isMissingNode() || peerMatches(peers, peer);
                boolean portOk = rule.path("ports").isMissingNode();
                for (JsonNode p : rule.path("ports")) {
                    JsonNode value = p.path("port");
                    portOk |= value.isMissingNode() || (value.isInt() ? value.asInt() == port
                            : Integer.valueOf(port).equals(to.ports().get(value.asText())));
                }
                if (peerOk && portOk) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean peerMatches(JsonNode peers, Pod pod) {
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                continue;
            }
            boolean namespaceOk = peer.has("namespaceSelector")
                    ? selectorMatches(peer.path("namespaceSelector"), pod.namespaceLabels())
                    : pod.namespaceLabels().isEmpty();
            boolean podOk = !peer.has("podSelector") || selectorMatches(peer.path("podSelector"), pod.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    /** A label selector (matchLabels, matchExpressions In/NotIn/Exists) against labels; {} selects everything. */
    private static boolean selectorMatches(JsonNode selector, Map<String, String> labels) {
        for (var entry : strings(selector.path("matchLabels")).entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.get(expression.path("key").asText());
            var values = strings(expression.path("values")).values();
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalStateException("operator " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> aclNames(JsonNode acls, String type, String operation) {
        Set<String> names = new TreeSet<>();
        for (JsonNode acl : acls) {
            if (acl.at("/resource/type").asText().equals(type)
                    && strings(acl.path("operations")).containsValue(operation)) {
                names.add(acl.at("/resource/name").asText());
            }
        }
        return names;
    }

    /**
     * The configuration a service runs with outside a profile: its application.properties over the defaults of the
     * participant module when it is one, with {@code ${key}} references resolved.
     */
    private static Properties applicationProperties(String module) throws IOException {
        Properties properties = new Properties();
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        if (pom.contains("<artifactId>participant</artifactId>")) {
            load(properties, ROOT.resolve("participant/src/main/resources/META-INF/microprofile-config.properties"));
        }
        load(properties, ROOT.resolve(module).resolve("src/main/resources/application.properties"));
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("%")).forEach(properties::remove);
        Pattern reference = Pattern.compile("\\$\\{([^}:]+)}");
        for (String key : properties.stringPropertyNames()) {
            properties.setProperty(key, reference.matcher(properties.getProperty(key)).replaceAll(
                    ref -> Matcher.quoteReplacement(properties.getProperty(ref.group(1), ref.group()))));
        }
        return properties;
    }

    private static void load(Properties properties, Path file) throws IOException {
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
    }

    /**
     * The metric names of a PromQL expression that nothing here exports. Known: a Micrometer meter of a service or
     * the chassis (Prometheus name = meter name with dots as underscores, plus _total/_seconds/_bucket), a metric a
     * JMX exporter rule of k8s/ names, and a metric of the postgres exporter's query file.
     */
    private static List<String> unknownMetrics(String expression) throws IOException {
        String micrometer = mainSources();
        String jmxRules = Files.readString(K8S.resolve("base/kafka/cdc-metrics.yaml"));
        Set<String> exporterMetrics = new TreeSet<>();
        JsonNode queries = KubectlKustomize.YAML.readTree(KubectlKustomize.readDocuments(
                K8S.resolve("components/postgres/exporter-queries.yaml")).get(0).at("/data/queries.yaml").asText());
        queries.properties().forEach(query -> query.getValue().path("metrics").forEach(metric -> metric.properties()
                .forEach(column -> {
                    if (!column.getValue().path("usage").asText().equals("LABEL")) {
                        exporterMetrics.add(query.getKey() + "_" + column.getKey());
                    }
                })));
        List<String> unknown = new ArrayList<>();
        Matcher m = Pattern.compile("([a-z_][a-z0-9_]*)\\s*[{\\[)]").matcher(expression
                .replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\b(by|without)\\s*\\([^)]*\\)", ""));
        while (m.find()) {
            String metric = m.group(1);
            if (PROMQL_FUNCTIONS.contains(metric) || metric.startsWith("__")) {
                continue;
            }
            String meter = metric.replaceAll("_(bucket|count|sum)$", "").replaceAll("_(total|seconds)$", "").replace('_', '.');
            boolean known = micrometer.contains("\"" + meter + "\"") || jmxRules.contains("name: \"" + metric + "\"")
                    || exporterMetrics.contains(metric) || metric.equals("kafka_consumergroup_lag");
            if (!known) {
                unknown.add(metric);
            }
        }
        return unknown;
    }

    private static String mainSourcesCache;

    private static String mainSources() throws IOException {
        if (mainSourcesCache == null) {
            StringBuilder all = new StringBuilder();
            for (String module : List.of("chassis", "order-service", "inventory-service", "payment-service",
                    "fulfillment-service", "notification-service", "saga-orchestrator")) {
                try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        all.append(Files.readString(file));
                    }
                }
            }
            mainSourcesCache = all.toString();
        }
        return mainSourcesCache;
    }

    /** A {@code -c name=value} server setting of the postgres StatefulSet. */
    private static String postgresSetting(List<ObjectNode> resources, String name) {
        for (String arg : strings(single(resources, "StatefulSet", "postgres")
                .at("/spec/template/spec/containers/0/args")).values()) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fail("postgres sets no %s", name);
    }

    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)(kB|MB|GB|TB)").matcher(size);
        assertThat(m.matches()).as("a PostgreSQL size: %s", size).isTrue();
        long unit = switch (m.group(2)) {
            case "kB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1L << 40;
        };
        return Long.parseLong(m.group(1)) * unit;
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
        List<ObjectNode> found = ofKind(resources, kind).stream().filter(r -> KubectlKustomize.name(r).equals(name)).toList();
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
