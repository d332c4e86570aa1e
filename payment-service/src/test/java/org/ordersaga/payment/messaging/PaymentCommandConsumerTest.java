package org.ordersaga.payment.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.ordersaga.payment.domain.CreditAccount;
import org.ordersaga.payment.persistence.CreditAccountRepository;
import org.ordersaga.testsupport.LocalPlatformResource;


import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Commands through real Kafka and PostgreSQL: a burst that arrives in one poll, each command in its own transaction. */
@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class, initArgs = @ResourceArg(name = "service", value = "payment"))
class PaymentCommandConsumerTest {

    private static final long AMOUNT = 100;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    DataSource dataSource;
    @Inject
    CreditAccountRepository accounts;
    @Inject
    MeterRegistry meters;

    @Test
    void aBurstInOnePollIsAppliedOnceEachAndTheOneCommandTheDatabaseRefusesIsDeadLetteredAlone() throws Exception {
        long creditBefore = available("cust-bob");
        double deadLettersBefore = meters.find("dead.letters").tag("topic", "payment-commands")
                .tag("reason", "PROCESSING_FAILED").counters().stream().mapToDouble(Counter::count).sum();
        List<String> orders = new ArrayList<>();
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderId = UUID.randomUUID().toString();
            orders.add(orderId);
            burst.add(authorize(orderId, "cust-bob"));
            if (i == 9) {
                // valid by its contract, refused by PostgreSQL (a NUL character in a text column)
                burst.add(authorize(UUID.randomUUID().toString(), "cust-bob\u0000"));
            }
        }

        sendAsOneProducerBatch(burst);

        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream().allMatch(this::answered));
        assertThat(orders).allSatisfy(orderId -> assertThat(replies(orderId)).containsExactly("PaymentAuthorized"));
        assertThat(available("cust-bob")).isEqualTo(creditBefore - orders.size() * AMOUNT);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("dead.letters").tag("topic", "payment-commands")
                .tag("reason", "PROCESSING_FAILED").counters().stream().mapToDouble(Counter::count).sum()
                == deadLettersBefore + 1);
        assertThat(meters.find("consumer.batch.records").tag("topic", "payment-commands").summaries().stream()
                .mapToDouble(DistributionSummary::max).max().orElse(0)).isGreaterThanOrEqualTo(burst.size());
    }

    private static ProducerRecord<String, String> authorize(String orderId, String customerId) {
        String payload = """
                {"commandId": "%s", "sagaId": "%s", "orderId": "%s", "customerId": "%s", "amountCents": %d}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), orderId, customerId.replace("\u0000", "\\u0000"),
                        AMOUNT);
        // One key for the whole burst: one partition, so the broker appends it as one batch and one fetch returns it.
        ProducerRecord<String, String> record = new ProducerRecord<>("payment-commands", "burst", payload);
        record.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", "AuthorizePayment".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void sendAsOneProducerBatch(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, "60000"), new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private boolean answered(String orderId) {
        return !replies(orderId).isEmpty();
    }

    private List<String> replies(String orderId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select type from outbox.outbox_event where aggregateid = ? and aggregatetype = 'saga-replies'
                        order by created_at""")) {
            select.setString(1, orderId);
            List<String> types = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
            return types;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long available(String customerId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> accounts.findByIdOptional(customerId).map(CreditAccount::availableCents).orElseThrow());
    }
}
