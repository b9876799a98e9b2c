package com.shopwatch.model;

/**
 * Why a record could not be accepted. The {@link #code()} is what the dead-letter record, the
 * metrics and the Flink counters carry, so it is part of the output contract.
 */
public enum DeadLetterReason {
    EMPTY_PAYLOAD("empty_payload"),
    PAYLOAD_TOO_LARGE("payload_too_large"),
    INVALID_UTF8("invalid_utf8"),
    NOT_JSON("not_json"),
    TRUNCATED_JSON("truncated_json"),
    TOO_DEEPLY_NESTED("too_deeply_nested"),
    NOT_OBJECT("not_object"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    UNKNOWN_TYPE("unknown_type"),
    UNKNOWN_ACTION("unknown_action"),
    INVALID_COUNTRY("invalid_country"),
    INVALID_CURRENCY("invalid_currency"),
    INVALID_PRICE("invalid_price"),
    INVALID_TIME("invalid_time"),
    FUTURE_EVENT_TIME("future_event_time"),
    INVALID_VALUE("invalid_value"),
    /** A valid event the policy engine failed on: kept, with the error, instead of failing the job. */
    EVALUATION_ERROR("evaluation_error"),
    /** A moderator decision whose task the job does not know (never emitted, or expired). */
    UNKNOWN_TASK("unknown_task"),
    /** A moderator decision naming a reason its task does not have. */
    UNKNOWN_REASON("unknown_reason");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
