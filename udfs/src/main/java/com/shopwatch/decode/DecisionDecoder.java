package com.shopwatch.decode;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.model.RecordOrigin;
import static com.shopwatch.decode.JsonPayloads.clip;
import static com.shopwatch.decode.JsonPayloads.missing;
import static com.shopwatch.decode.JsonPayloads.required;
import static com.shopwatch.decode.JsonPayloads.string;
import static com.shopwatch.decode.JsonPayloads.time;
import static com.shopwatch.decode.JsonPayloads.wrongType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.shopwatch.decode.JsonPayloads.Rejection;
import com.shopwatch.model.Decision;
import com.shopwatch.model.ModeratorDecision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes one {@code moderation.decisions} record:
 * {@code {"task_id", "reasons": ["rule-id" | {"rule_id": ...}, ...], "decision":
 * "violating"|"not_violating"|"escalated", "moderator_id", "time"}}. The reasons may be the rule
 * ids, or the task's reason objects echoed back; absent or empty means all of the task's reasons.
 * Never throws: a bad record becomes a dead letter that names the field.
 */
public final class DecisionDecoder implements PayloadDecoder<DecodedDecision> {
    private static final long serialVersionUID = 1L;
    /** More reasons than any task can hold is junk, not a decision. */
    static final int MAX_REASONS = 64;

    private final DecoderSettings settings;
    private transient JsonFactory jsonFactory;

    public DecisionDecoder(DecoderSettings settings) {
        this.settings = settings;
    }

    @Override
    public DecodedDecision decode(byte[] payload, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        Partial partial = new Partial();
        try {
            JsonPayloads.readObject(payload, settings, factory(), (name, p) -> readField(name, p, partial));
            return DecodedDecision.accepted(validate(partial, origin, receivedAtMillis));
        } catch (Rejection r) {
            return DecodedDecision.rejected(deadLetter(r, payload, origin, receivedAtMillis), arrivalTime);
        }
    }

    @Override
    public DecodedDecision tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        DeadLetter d = JsonPayloads.tooLarge(prefix, actualBytes, origin, receivedAtMillis, settings);
        d.eventType = "decision";
        return DecodedDecision.rejected(d, arrivalTime);
    }

    @Override
    public DecoderSettings settings() {
        return settings;
    }

    @Override
    public Class<DecodedDecision> producedClass() {
        return DecodedDecision.class;
    }

    private static void readField(String name, JsonParser p, Partial f) throws IOException, Rejection {
        switch (name) {
            case "task_id": f.taskId = string(p, name); break;
            case "decision": f.decision = string(p, name); break;
            case "moderator_id": f.moderatorId = string(p, name); break;
            case "time": f.time = time(p, name); break;
            case "reasons": f.reasons = reasons(p); break;
            default:
                p.skipChildren();
        }
    }

    /** Rule ids, as strings or as reason objects with a {@code rule_id}. */
    private static List<String> reasons(JsonParser p) throws IOException, Rejection {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType("reasons", "an array of rule ids", p.currentToken());
        }
        List<String> ids = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String field = "reasons[" + ids.size() + "]";
            if (ids.size() == MAX_REASONS) {
                throw new Rejection(DeadLetterReason.INVALID_VALUE, "reasons", "more than " + MAX_REASONS + " reasons");
            }
            if (t == JsonToken.VALUE_STRING) {
                ids.add(required(p.getText(), field));
            } else if (t == JsonToken.START_OBJECT) {
                String id = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("rule_id") && p.currentToken() != JsonToken.VALUE_NULL) {
                        id = string(p, field + ".rule_id");
                    } else {
                        p.skipChildren();
                    }
                }
                ids.add(required(id, field + ".rule_id"));
            } else {
                throw wrongType(field, "a rule id or a reason object with rule_id", t);
            }
        }
        return ids;
    }

    private ModeratorDecision validate(Partial f, RecordOrigin origin, long now) throws Rejection {
        ModeratorDecision d = new ModeratorDecision();
        d.taskId = required(f.taskId, "task_id");
        if (f.decision == null) {
            throw missing("decision");
        }
        Decision decision = Decision.fromCode(f.decision);
        if (decision == null) {
            throw new Rejection(DeadLetterReason.INVALID_VALUE, "decision", "unknown decision '" + clip(f.decision)
                    + "' (expected violating, not_violating or escalated)");
        }
        d.decision = decision.code();
        d.moderatorId = required(f.moderatorId, "moderator_id");
        if (f.time == null) {
            throw missing("time");
        }
        JsonPayloads.notInFuture(f.time, "time", now, settings);
        d.decidedAtMs = f.time;
        Set<String> distinct = new LinkedHashSet<>(f.reasons == null ? List.of() : f.reasons);
        d.reasons = distinct.toArray(new String[0]);
        d.origin = origin;
        return d;
    }

    private DeadLetter deadLetter(Rejection r, byte[] payload, RecordOrigin origin, long receivedAt) {
        DeadLetter d = JsonPayloads.deadLetter(r, payload, origin, receivedAt, settings);
        d.eventType = "decision";
        return d;
    }

    private JsonFactory factory() {
        if (jsonFactory == null) {
            jsonFactory = JsonPayloads.factory(settings);
        }
        return jsonFactory;
    }

    /** Fields as read, before validation. */
    private static final class Partial {
        String taskId, decision, moderatorId;
        Long time;
        List<String> reasons;
    }
}
