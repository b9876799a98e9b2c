package com.shopwatch.model;

/**
 * A record that could not be accepted, with everything needed to understand and replay it.
 * Written to the dead-letter sink as JSON. A Flink POJO.
 */
public class DeadLetter {
    /** Machine-readable {@link DeadLetterReason#code()}. */
    public String reason;
    /** Human-readable explanation: what is wrong and where. */
    public String error;
    /** The offending field (JSON name), when the problem is in one field. */
    public String field;
    /** The raw payload, truncated past the configured limit. */
    public String payload;
    /** {@code utf-8} for text, {@code base64} when the bytes were not valid UTF-8. */
    public String payloadEncoding;
    /** Size of the original payload in bytes. */
    public long payloadBytes;
    public boolean payloadTruncated;
    public RecordOrigin source;
    /** When Shopwatch received the record, ISO-8601 instant. */
    public String receivedAt;
    /** Identification read before the error, when available (helps per-country dashboards). */
    public String eventId;
    public String eventType;
    public String country;

    public DeadLetter() {}

    /** A decoded event that a later stage could not process; the payload is the event as JSON. */
    public static DeadLetter forEvent(com.shopwatch.model.CommerceEvent event, DeadLetterReason reason, String error) {
        DeadLetter d = ofRecord(event, reason, error);
        d.eventId = event.eventId;
        d.eventType = event.type == null ? null : event.type.code();
        d.country = event.country;
        return d;
    }

    /** A valid moderator decision the job could not apply; the payload is the decision as JSON. */
    public static DeadLetter forDecision(com.shopwatch.model.ModeratorDecision decision, DeadLetterReason reason, String error) {
        DeadLetter d = ofRecord(decision, reason, error);
        d.field = reason == DeadLetterReason.UNKNOWN_TASK ? "task_id" : "reasons";
        d.source = decision.origin;
        d.eventType = "decision";
        return d;
    }

    /** A decoded record a later stage could not apply, kept as its JSON for replay. */
    private static DeadLetter ofRecord(Object record, DeadLetterReason reason, String error) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.code();
        d.error = error;
        d.payload = com.shopwatch.output.JsonOutput.toJson(record);
        d.payloadEncoding = "utf-8";
        d.payloadBytes = d.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        d.receivedAt = java.time.Instant.now().toString();
        return d;
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + error + " at " + source + "}";
    }
}
