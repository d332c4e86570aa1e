package org.ordersaga.chassis.inbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ordersaga.inbox")
public interface InboxConfig {

    /**
     * How long a consumed message's ID and a command's recorded reply are kept, so that a redelivery is still known
     * as one: longer than a record can be delivered again — the topics keep records 7 days in k8s (1 day locally),
     * dead letters 14 days before an operator may replay them. A command re-sent after this (an operator's retry of a
     * saga left {@code STUCK} for longer) is no longer known and relies on the participant's own state checks.
     */
    @WithDefault("P15D")
    Duration retention();

    /** Rows deleted per transaction, so that the job never holds long locks on a table consumers write to. */
    @WithDefault("5000")
    int deleteBatchSize();
}
