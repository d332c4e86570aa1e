package org.ordersaga.chassis.deadletter;

/**
 * Headers of a record on a {@code <topic>.dead-letter} topic. The record keeps the original key, value and headers;
 * SmallRye's dead-letter queue adds the original position and the exception, the chassis adds the reason and the
 * consumer that gave up.
 */
public final class DeadLetterHeaders {

    /** A {@link DeadLetterReason} name. */
    public static final String REASON_CODE = "dead-letter-reason-code";
    /** The consumer group (service) that dead-lettered the record. */
    public static final String CONSUMER = "dead-letter-consumer";
    /** Set by SmallRye: the exception's message. */
    public static final String EXCEPTION_MESSAGE = "dead-letter-reason";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE_MESSAGE = "dead-letter-cause";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";
    /** Every header this chassis or SmallRye adds starts with it; the others are the original record's. */
    public static final String PREFIX = "dead-letter-";

    private DeadLetterHeaders() {
    }
}
