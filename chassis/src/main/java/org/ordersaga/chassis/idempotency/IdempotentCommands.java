package org.ordersaga.chassis.idempotency;

import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.inbox.Inbox;
import org.ordersaga.chassis.inbox.ReplyLog;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.chassis.rest.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * A participant's synchronous command endpoints: the same command as on Kafka, sent over REST with an
 * {@code Idempotency-Key} header. The key plays the command id: it is claimed in the inbox and the answer recorded in
 * the same transaction as the effect, so a retry after a client-side timeout (even one racing the first attempt: the
 * claim waits for it to commit) has no second effect and gets the first answer again, marked {@code Idempotent-Replayed}.
 * The answer is the reply message the saga would get ({@code type} plus its fields), always 200: a refusal such as
 * {@code PaymentDeclined} is a business outcome, not an error. No outbox row is written: nothing is published.
 *
 * <p>The body is judged by the command's contract first ({@link CommandContracts}): a 400 keeps nothing, not even the
 * key. A transaction that loses a race with a concurrent one (a unique key inserted first, a deadlock, a stale
 * version: a reserve and a release of one order at once) is run again, up to {@value #RACE_ATTEMPTS} times in all;
 * the next try sees the winner's rows and answers as if it had come second, and a retry with the same key finds the
 * key claimed and gets the winner's answer. Any other failure is answered at once.
 */
@ApplicationScoped
public class IdempotentCommands {

    public static final String KEY_HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 100;
    static final int RACE_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(IdempotentCommands.class);

    private final Inbox inbox;
    private final ReplyLog replies;
    private final ObjectMapper mapper;
    private final CommandContracts contracts = new CommandContracts();

    public IdempotentCommands(Inbox inbox, ReplyLog replies, ObjectMapper mapper) {
        this.inbox = inbox;
        this.replies = replies;
        this.mapper = mapper;
    }

    /**
     * Applies {@code effect} to the command {@code type} built from {@code body} once per {@code key} within
     * {@code scope} (e.g. {@code payment-service.rest}), in a transaction of its own; answers 400 problem+json for a
     * missing key or a body that breaks the command's contract, with nothing changed.
     */
    public Response answerOnce(String scope, String key, String type, JsonNode body,
            Function<IncomingMessage, Reply> effect) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new ProblemException(400, "Invalid idempotency key",
                    "Header " + KEY_HEADER + " is required, 1 to " + MAX_KEY_LENGTH + " characters");
        }
        contracts.check(type, body);
        String orderId = body.get("orderId").asText();
        try (LogContext.Scope ignored = LogContext.forOrder(orderId, null)) {
            for (int attempt = 1;; attempt++) {
                try {
                    return QuarkusTransaction.requiringNew()
                            .call(() -> claimAndApply(scope, key, type, orderId, (ObjectNode) body, effect));
                } catch (RuntimeException failure) {
                    boolean lostARace = TransientFailures.classify(failure) == TransientFailures.Kind.RACE;
                    if (!lostARace || attempt == RACE_ATTEMPTS) {
                        throw failure;
                    }
                    LOG.warnf("%s with key %s lost a race with a concurrent transaction (try %d), trying again: %s",
                            type, key, attempt, TransientFailures.databaseError(failure));
                }
            }
        }
    }

    private Response claimAndApply(String scope, String key, String type, String orderId, ObjectNode body,
            Function<IncomingMessage, Reply> effect) {
        if (!inbox.firstDelivery(scope, key)) {
            JsonNode recorded = replies.recorded(scope, key).map(answer -> (JsonNode) answer.payload())
                    .orElseThrow(() -> new ProblemException(409, "Request in conflict",
                            "Key " + key + " was used without a recorded answer"));
            LOG.infof("Repeated %s with key %s: answering %s again", type, key, recorded.path("type").asText());
            return Response.ok(recorded).header(REPLAYED_HEADER, "true").build();
        }
        ObjectNode payload = body.deepCopy().put("commandId", key);
        Reply reply;
        try {
            reply = effect.apply(new IncomingMessage(key, type, orderId, payload, Map.of()));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid request", e.getMessage());
        }
        ObjectNode answer = mapper.createObjectNode().put("type", reply.type());
        answer.setAll((ObjectNode) mapper.valueToTree(reply.payload()));
        replies.record(scope, key, new Reply(reply.type(), answer));
        return Response.ok(answer).build();
    }
}
