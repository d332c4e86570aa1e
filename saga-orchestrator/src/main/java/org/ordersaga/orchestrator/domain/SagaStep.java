package org.ordersaga.orchestrator.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One step of a saga definition: the command it sends, the reply that completes it (and what that reply teaches
 * the saga), the replies that mean a business failure, and the step that undoes it.
 */
public final class SagaStep {

    private final String name;
    private final StepKind kind;
    private final String topic;
    private final String commandType;
    private final Function<SagaData, Map<String, Object>> payload;
    private final String successReply;
    private final BiConsumer<SagaData, SagaReply> onSuccess;
    private final Set<String> failureReplies;
    private final SagaStep compensation;

    private SagaStep(Builder builder) {
        this.name = Objects.requireNonNull(builder.name);
        this.kind = Objects.requireNonNull(builder.kind);
        this.topic = Objects.requireNonNull(builder.topic, () -> name + ": command missing");
        this.commandType = builder.commandType;
        this.payload = builder.payload;
        this.successReply = Objects.requireNonNull(builder.successReply, () -> name + ": success reply missing");
        this.onSuccess = builder.onSuccess;
        this.failureReplies = Set.copyOf(builder.failureReplies);
        this.compensation = builder.compensation;
        if (kind != StepKind.COMPENSATABLE && kind != StepKind.PIVOT && compensation != null) {
            throw new IllegalArgumentException(name + ": only a compensatable step or the pivot has a compensation");
        }
        if ((kind == StepKind.RETRIABLE || kind == StepKind.COMPENSATION) && !failureReplies.isEmpty()) {
            throw new IllegalArgumentException(name + ": a " + kind + " step cannot fail for business reasons");
        }
    }

    public static Builder compensatable(String name) {
        return new Builder(name, StepKind.COMPENSATABLE);
    }

    public static Builder pivot(String name) {
        return new Builder(name, StepKind.PIVOT);
    }

    public static Builder retriable(String name) {
        return new Builder(name, StepKind.RETRIABLE);
    }

    public static Builder compensation(String name) {
        return new Builder(name, StepKind.COMPENSATION);
    }

    public String name() {
        return name;
    }

    public StepKind kind() {
        return kind;
    }

    public String topic() {
        return topic;
    }

    public String commandType() {
        return commandType;
    }

    public String successReply() {
        return successReply;
    }

    public Set<String> failureReplies() {
        return failureReplies;
    }

    /** What undoes this step; a pivot's runs only when its outcome is unknown (see PlaceOrderSaga). */
    public SagaStep compensationStep() {
        return compensation;
    }

    /** Whether a failure of this step turns the saga around (steps up to and including the pivot). */
    public boolean canFail() {
        return kind == StepKind.COMPENSATABLE || kind == StepKind.PIVOT;
    }

    Map<String, Object> payloadFor(SagaData data) {
        return payload.apply(data);
    }

    void applySuccess(SagaData data, SagaReply reply) {
        onSuccess.accept(data, reply);
    }

    public static final class Builder {
        private final String name;
        private final StepKind kind;
        private String topic;
        private String commandType;
        private Function<SagaData, Map<String, Object>> payload = data -> Map.of();
        private String successReply;
        private BiConsumer<SagaData, SagaReply> onSuccess = (data, reply) -> { };
        private Set<String> failureReplies = Set.of();
        private SagaStep compensation;

        private Builder(String name, StepKind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** The command sent to the participant; {@code payload} adds the fields beyond commandId/sagaId/orderId. */
        public Builder command(String topic, String type, Function<SagaData, Map<String, Object>> payload) {
            this.topic = topic;
            this.commandType = type;
            this.payload = payload;
            return this;
        }

        public Builder command(String topic, String type) {
            return command(topic, type, data -> Map.of());
        }

        public Builder succeedsOn(String replyType, BiConsumer<SagaData, SagaReply> onSuccess) {
            this.successReply = replyType;
            this.onSuccess = onSuccess;
            return this;
        }

        public Builder succeedsOn(String replyType) {
            return succeedsOn(replyType, (data, reply) -> { });
        }

        public Builder failsOn(String... replyTypes) {
            this.failureReplies = Set.of(replyTypes);
            return this;
        }

        public Builder compensatedBy(Builder compensation) {
            this.compensation = compensation.build();
            return this;
        }

        public SagaStep build() {
            return new SagaStep(this);
        }
    }
}
