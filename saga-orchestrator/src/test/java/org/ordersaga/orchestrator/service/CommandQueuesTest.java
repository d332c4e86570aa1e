package org.ordersaga.orchestrator.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ordersaga.orchestrator.OrchestratorTraffic;
import org.ordersaga.orchestrator.OrchestratorTraffic.Command;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.ordersaga.orchestrator.OnCallReader.asViewer;
import static org.ordersaga.orchestrator.OrchestratorTraffic.PATIENCE;

/**
 * Real Kafka: a participant whose consumer is alive but behind (its group's committed offsets short of the end)
 * has its command's deadline held, not re-sent; once it has read the command without answering, the deadline counts.
 */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class CommandQueuesTest {

    private static final String TOPIC = "inventory-commands";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    private OrchestratorTraffic traffic;
    private KafkaConsumer<String, String> inventory;

    @BeforeEach
    void connect() {
        traffic = new OrchestratorTraffic(bootstrapServers, dataSource);
        inventory = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "inventory-service",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void disconnect() {
        inventory.close();
        traffic.close();
    }

    @Test
    void aCommandQueuedBehindALiveParticipantIsHeldAndResentOnlyAfterTheParticipantReadIt() throws Exception {
        joinAndReadEverything();
        awaitInventoryConsuming(true);
        String orderId = UUID.randomUUID().toString();
        // older records ahead of the command in its partition (same key, same partition), unread by inventory
        for (int i = 0; i < 3; i++) {
            traffic.send(TOPIC, orderId, UUID.randomUUID().toString(), "ReleaseInventory", "{}", null);
        }
        Thread.sleep(50);

        traffic.placeOrder(orderId);
        traffic.awaitCommand(orderId, "ReserveInventory");

        // %test deadline 1 s: the deadline passes while the command waits behind the three records
        await().atMost(PATIENCE).until(() -> traffic.sagaOf(orderId).getList("timeline.detail", String.class)
                .stream().anyMatch(detail -> detail != null && detail.startsWith("not read yet: inventory-service")));
        assertThat(reserveCommands(orderId)).hasSize(1);
        // the hold may come from a reading taken before the command was published: the next one counts it
        await().atMost(PATIENCE).untilAsserted(() -> asViewer().get("/participants").then().statusCode(200)
                .body("find { it.topic == 'inventory-commands' }.consuming", org.hamcrest.Matchers.is(true))
                .body("find { it.topic == 'inventory-commands' }.unreadRecords", greaterThanOrEqualTo(4))
                .body("find { it.topic == 'inventory-commands' }.queued", greaterThanOrEqualTo(1)));
        assertThat(reserveCommands(orderId)).as("still held once the reading shows the command").hasSize(1);

        readEverything(); // inventory read the command and did not answer: a real deadline
        await().atMost(PATIENCE).until(() -> reserveCommands(orderId).size() > 1);
    }

    @Test
    void aCommandQueuedBehindARecordPublishedAfterItWasSentIsHeldToo() throws Exception {
        joinAndReadEverything();
        awaitInventoryConsuming(true);
        String orderId = UUID.randomUUID().toString();
        // inventory has read a record stamped after the command will be sent, yet ahead of it in the partition, as
        // when the relay publishes a backlog in one batch: its timestamp says nothing about the command
        traffic.send(TOPIC, orderId, UUID.randomUUID().toString(), "ReleaseInventory", "{}", null,
                Instant.now().plus(Duration.ofMinutes(10)));
        readEverything();

        traffic.placeOrder(orderId);
        traffic.awaitCommand(orderId, "ReserveInventory");

        await().atMost(PATIENCE).until(() -> traffic.sagaOf(orderId).getList("timeline.detail", String.class)
                .stream().anyMatch(detail -> detail != null && detail.startsWith("not read yet: inventory-service")
                        && detail.contains("the command is at offset")));
        assertThat(reserveCommands(orderId)).hasSize(1);

        readEverything();
        await().atMost(PATIENCE).until(() -> reserveCommands(orderId).size() > 1);
    }

    @Test
    void aParticipantThatLeftItsGroupGetsItsDeadlines() throws Exception {
        joinAndReadEverything();
        String orderId = UUID.randomUUID().toString();
        traffic.send(TOPIC, orderId, UUID.randomUUID().toString(), "ReleaseInventory", "{}", null);
        inventory.close(); // inventory is down: its group has no member
        awaitInventoryConsuming(false);

        traffic.placeOrder(orderId);

        await().atMost(PATIENCE).until(() -> reserveCommands(orderId).size() > 1);
        assertThat(traffic.sagaOf(orderId).getList("timeline.kind", String.class)).doesNotContain("COMMAND_QUEUED");
    }

    private void awaitInventoryConsuming(boolean consuming) {
        await().atMost(PATIENCE).until(() -> asViewer().get("/participants").then().statusCode(200).extract().jsonPath()
                .getBoolean("find { it.topic == 'inventory-commands' }.consuming") == consuming);
    }

    private List<Command> reserveCommands(String orderId) throws Exception {
        return traffic.commands(orderId).stream().filter(command -> command.type().equals("ReserveInventory"))
                .toList();
    }

    /** Joins inventory's group and commits its position at the end of every partition it was given. */
    private void joinAndReadEverything() {
        inventory.subscribe(List.of(TOPIC));
        await().atMost(PATIENCE).until(() -> {
            inventory.poll(Duration.ofMillis(100));
            return !inventory.assignment().isEmpty();
        });
        readEverything();
    }

    private void readEverything() {
        Map<TopicPartition, Long> ends = inventory.endOffsets(inventory.assignment());
        inventory.commitSync(ends.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> new OffsetAndMetadata(end.getValue()))));
    }
}
