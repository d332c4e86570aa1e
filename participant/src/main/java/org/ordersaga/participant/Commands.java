package org.ordersaga.participant;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.chassis.rest.ProblemException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * A participant's commands: one handler per message type, reading the command's payload into its record and returning
 * the saga's reply, the same on Kafka and over REST. {@link CommandDispatcher} runs them once per command id and
 * publishes the reply; {@link CommandResource} offers them to the sync chain.
 */
public final class Commands {

    /**
     * The reason of a refusal that exists only because the order was given up before this command arrived (a late
     * reserve after its release). On Kafka it is the reply the saga expects; over REST the caller gave up on that call
     * and waits for nothing, so it is a 409 instead of an answer.
     */
    public static final String ORDER_CANCELLED = "ORDER_CANCELLED";

    private final String replyTopic;
    private final ObjectMapper mapper;
    private final Map<String, Function<IncomingMessage, Optional<Reply>>> handlers = new LinkedHashMap<>();
    private boolean eachInItsOwnTransaction;

    private Commands(String replyTopic, ObjectMapper mapper) {
        this.replyTopic = replyTopic;
        this.mapper = mapper;
    }

    /** Commands whose replies go to {@code replyTopic}; payloads are read with {@code mapper}. */
    public static Commands answeredOn(String replyTopic, ObjectMapper mapper) {
        return new Commands(replyTopic, mapper);
    }

    /**
     * Each command of a poll in a transaction of its own, for handlers that lock rows many orders share (stock,
     * credit): those locks must not stay held for a whole poll. By default a poll's commands share one transaction.
     */
    public Commands eachInItsOwnTransaction() {
        this.eachInItsOwnTransaction = true;
        return this;
    }

    /** {@code type}'s payload is read into {@code payload} and always answered. */
    public <T> Commands on(String type, Class<T> payload, Function<T, Reply> handler) {
        return onUnlessRefused(type, payload, command -> Optional.of(handler.apply(command)));
    }

    /**
     * A command the handler may leave unanswered (empty) because the saga should never have sent it: on Kafka nothing
     * is published (the handler logs why), over REST it is a 409.
     */
    public <T> Commands onUnlessRefused(String type, Class<T> payload, Function<T, Optional<Reply>> handler) {
        // A contract admits fields it does not name (additionalProperties): a newer sender's extras are ignored.
        ObjectReader reader = mapper.readerFor(payload).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        handlers.put(type, command -> handler.apply(read(command, reader)));
        return this;
    }

    /** The reply to a command from Kafka; empty when its handler left it unanswered. */
    public Optional<Reply> answer(IncomingMessage command) {
        return handlerOf(command.type()).apply(command);
    }

    /** The answer to a command sent over REST: a refusal for a cancelled order or an unanswered one is a 409. */
    public Reply answerOverRest(IncomingMessage command) {
        Reply reply = answer(command).orElseThrow(() -> new ProblemException(409, command.type() + " refused",
                command.type() + " of order " + command.text("orderId") + " was not applied (the service log says why)"));
        JsonNode fields = mapper.valueToTree(reply.payload());
        if (ORDER_CANCELLED.equals(fields.path("reason").asText(null))) {
            throw new ProblemException(409, "Order cancelled", fields.path("detail").asText());
        }
        return reply;
    }

    public boolean handles(String type) {
        return handlers.containsKey(type);
    }

    public Set<String> types() {
        return handlers.keySet();
    }

    String replyTopic() {
        return replyTopic;
    }

    boolean eachInOwnTransaction() {
        return eachInItsOwnTransaction;
    }

    private Function<IncomingMessage, Optional<Reply>> handlerOf(String type) {
        Function<IncomingMessage, Optional<Reply>> handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalArgumentException("Not a command of this service: " + type);
        }
        return handler;
    }

    private static <T> T read(IncomingMessage command, ObjectReader reader) {
        try {
            return reader.readValue(command.payload());
        } catch (IOException e) {
            throw new IllegalArgumentException(command.type() + " payload does not match its contract", e);
        }
    }
}
