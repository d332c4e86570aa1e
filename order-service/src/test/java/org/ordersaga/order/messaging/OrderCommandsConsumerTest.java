package org.ordersaga.order.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ApproveOrder / RejectOrder delivered through real Kafka, each twice: one effect, the same reply twice. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "order"))
class OrderCommandsConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void approveOrderTwiceApprovesOnceAndRepliesTwice() throws Exception {
        String orderId = placeOrder();
        String command = command(orderId, "\"totalCents\": 300");
        sendTwice(orderId, "ApproveOrder", command);

        await().atMost(Duration.ofSeconds(20)).until(() -> replies(orderId, "OrderApproved") == 2);
        given().get("/orders/" + orderId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("APPROVED"))
                .body("totalCents", org.hamcrest.Matchers.equalTo(300))
                .body("history.size()", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void rejectOrderKeepsTheReason() throws Exception {
        String orderId = placeOrder();
        sendTwice(orderId, "RejectOrder", command(orderId, "\"reason\": \"OUT_OF_STOCK\""));

        await().atMost(Duration.ofSeconds(20)).until(() -> replies(orderId, "OrderRejected") == 2);
        given().get("/orders/" + orderId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REJECTED"))
                .body("rejectionReason", org.hamcrest.Matchers.equalTo("OUT_OF_STOCK"));
    }

    private static String placeOrder() {
        return given().contentType(ContentType.JSON).body("{\"customerId\": \"cust-alice\", \"items\": [{\"sku\":"
                        + " \"SKU-PEN\", \"quantity\": 2}], \"shippingAddress\": {\"name\": \"A\", \"street\": \"S\","
                        + " \"city\": \"C\", \"postalCode\": \"1\", \"country\": \"DE\"}}")
                .post("/orders").then().statusCode(202).extract().path("orderId");
    }

    private static String command(String orderId, String fields) {
        return "{\"commandId\": \"" + UUID.randomUUID() + "\", \"sagaId\": \"" + UUID.randomUUID()
                + "\", \"orderId\": \"" + orderId + "\", " + fields + "}";
    }

    /** The relay's at-least-once delivery: two records (two outbox row ids) carrying the same command. */
    private void sendTwice(String orderId, String type, String payload) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 2; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("order-commands", orderId, payload);
                record.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("eventType", type.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
    }

    private long replies(String orderId, String type) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select count(*) from outbox.outbox_event"
                     + " where aggregateid = ? and type = ? and aggregatetype = 'saga-replies'")) {
            select.setString(1, orderId);
            select.setString(2, type);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isLessThanOrEqualTo(2);
                return rows.getLong(1);
            }
        }
    }
}
