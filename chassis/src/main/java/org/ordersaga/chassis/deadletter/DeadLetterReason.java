package org.ordersaga.chassis.deadletter;

/** Why a consumer gave up on a record and sent it to its dead-letter topic. */
public enum DeadLetterReason {
    /** The payload is not JSON, or the {@code id}/{@code eventType} headers are missing. */
    UNPARSEABLE,
    /** No contract exists for the record's {@code eventType}. */
    UNKNOWN_TYPE,
    /** The payload violates the JSON Schema of its type (contracts v1). */
    SCHEMA_VIOLATION,
    /** The handler kept failing, also after the retries of transient failures. */
    PROCESSING_FAILED
}
