package org.ordersaga.orchestrator.deadletter;

import java.time.Instant;
import java.util.Map;

/** A dead letter as the API shows it: where it came from, why it failed, what it carried, whether it was replayed. */
public record DeadLetterView(long id, String topic, Integer partition, Long offset, String key, String reason,
                             String error, String consumer, Instant failedAt, Map<String, String> headers,
                             String payload, Instant replayedAt, String replayedBy) {

    static DeadLetterView of(DeadLetter letter) {
        return new DeadLetterView(letter.getId(), letter.getTopic(), letter.getPartition(), letter.getOffset(),
                letter.getKey(), letter.getReason(), letter.getError(), letter.getConsumer(), letter.getFailedAt(),
                letter.getHeaders(), letter.getPayload(), letter.getReplayedAt(), letter.getReplayedBy());
    }
}
