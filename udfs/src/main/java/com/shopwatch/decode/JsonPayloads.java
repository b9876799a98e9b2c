package com.shopwatch.decode;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.model.RecordOrigin;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What every JSON input of the job (events, moderator decisions) shares: the envelope checks
 * (empty, too large, not UTF-8, not one object, too deep, truncated), typed field readers that
 * name the field on a mismatch, and the dead letter that keeps the payload for replay.
 */
final class JsonPayloads {
    /** Times before this instant are rejected: almost always epoch seconds sent as millis. */
    static final long EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    private JsonPayloads() {}

    /** Reads the fields of one JSON object, field by field, with the parser on each value. */
    interface FieldReader {
        void field(String name, JsonParser p) throws IOException, Rejection;
    }

    static JsonFactory factory(DecoderSettings settings) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(settings.maxNestingDepth()).build())
                .build();
    }

    /**
     * Checks the envelope and streams the payload's one top-level object through {@code reader};
     * explicit nulls are skipped (the same as an absent optional field).
     */
    static void readObject(byte[] payload, DecoderSettings settings, JsonFactory factory, FieldReader reader) throws Rejection {
        if (payload == null || isBlank(payload)) {
            throw new Rejection(DeadLetterReason.EMPTY_PAYLOAD, null, "payload is empty");
        }
        if (payload.length > settings.maxPayloadBytes()) {
            throw new Rejection(DeadLetterReason.PAYLOAD_TOO_LARGE, null,
                    "payload is " + payload.length + " bytes, over the limit of " + settings.maxPayloadBytes());
        }
        int badByte = Utf8.firstInvalidByte(payload);
        if (badByte >= 0) {
            throw new Rejection(DeadLetterReason.INVALID_UTF8, null,
                    String.format("payload is not valid UTF-8: bad byte 0x%02X at offset %d", payload[badByte] & 0xFF, badByte));
        }
        try (JsonParser p = factory.createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new Rejection(DeadLetterReason.NOT_OBJECT, null, "payload is JSON but not an object (found " + describe(first) + ")");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                reader.field(name, p);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new Rejection(DeadLetterReason.NOT_JSON, null, "expected a field name, found " + describe(t));
            }
            if (p.nextToken() != null) {
                throw new Rejection(DeadLetterReason.NOT_JSON, null,
                        "unexpected content after the JSON object at offset " + p.currentTokenLocation().getByteOffset());
            }
        } catch (StreamConstraintsException e) {
            throw new Rejection(DeadLetterReason.TOO_DEEPLY_NESTED, null, "payload is nested deeper than "
                    + settings.maxNestingDepth() + " levels (at offset " + offsetOf(e) + ")");
        } catch (JsonEOFException e) {
            throw new Rejection(DeadLetterReason.TRUNCATED_JSON, null, "JSON ends unexpectedly at offset " + offsetOf(e) + " (truncated?)");
        } catch (JsonProcessingException e) {
            throw new Rejection(DeadLetterReason.NOT_JSON, null, "not valid JSON: " + e.getOriginalMessage() + " at offset " + offsetOf(e));
        } catch (IOException e) {
            throw new Rejection(DeadLetterReason.NOT_JSON, null, "could not read payload: " + e.getMessage());
        }
    }

    /** The dead letter of a rejected payload: reason, error, field, origin and the (capped) payload. */
    static DeadLetter deadLetter(Rejection r, byte[] payload, RecordOrigin origin, long receivedAt, DecoderSettings settings) {
        DeadLetter d = new DeadLetter();
        d.reason = r.reason.code();
        d.error = r.getMessage();
        d.field = r.field;
        d.source = origin;
        d.receivedAt = Instant.ofEpochMilli(receivedAt).toString();
        byte[] bytes = payload == null ? new byte[0] : payload;
        d.payloadBytes = bytes.length;
        int limit = settings.deadLetterPayloadLimit();
        d.payloadTruncated = bytes.length > limit;
        if (r.reason == DeadLetterReason.INVALID_UTF8) {
            d.payloadEncoding = "base64";
            d.payload = Base64.getEncoder().encodeToString(d.payloadTruncated ? Arrays.copyOf(bytes, limit) : bytes);
        } else {
            d.payloadEncoding = "utf-8";
            // Cut on a character boundary so the stored prefix is still valid UTF-8.
            int end = d.payloadTruncated ? Utf8.boundaryAtOrBefore(bytes, limit) : bytes.length;
            d.payload = new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
        return d;
    }

    /** The dead letter of a payload over the size limit, of which the caller kept only a prefix. */
    static DeadLetter tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAt, DecoderSettings settings) {
        Rejection r = new Rejection(DeadLetterReason.PAYLOAD_TOO_LARGE, null,
                "payload is " + actualBytes + " bytes, over the limit of " + settings.maxPayloadBytes());
        DeadLetter d = deadLetter(r, prefix, origin, receivedAt, settings);
        d.payloadBytes = actualBytes;
        d.payloadTruncated = true;
        return d;
    }

    // ---- value readers: each checks the JSON type and names the field on mismatch ----

    static String string(JsonParser p, String field) throws IOException, Rejection {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", p.currentToken());
        }
        return p.getText();
    }

    static Double number(JsonParser p, String field) throws IOException, Rejection {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(field, "a number", t);
        }
        return p.getDoubleValue();
    }

    static String[] stringArray(JsonParser p, String field) throws IOException, Rejection {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(field, "an array of strings", p.currentToken());
        }
        List<String> values = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw wrongType(field + "[" + values.size() + "]", "a string", t);
            }
            values.add(p.getText());
        }
        return values.toArray(new String[0]);
    }

    /** Reads an ISO-8601 instant (string) or epoch milliseconds (number or digit string). */
    static Long time(JsonParser p, String field) throws IOException, Rejection {
        JsonToken t = p.currentToken();
        long millis;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new Rejection(DeadLetterReason.INVALID_TIME, field, field + " " + p.getText() + " is out of range");
            }
            millis = p.getLongValue();
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            // 1.7950032E12 is still epoch millis; a fractional or huge value is not.
            double d = p.getDoubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 9.2e18) {
                throw new Rejection(DeadLetterReason.INVALID_TIME, field, field + " " + p.getText()
                        + " is not a whole number of epoch milliseconds");
            }
            millis = (long) d;
        } else if (t == JsonToken.VALUE_STRING) {
            millis = parseTimeString(p.getText().trim(), field);
        } else {
            throw wrongType(field, "an ISO-8601 instant string or epoch milliseconds", t);
        }
        if (millis < EARLIEST_TIME) {
            String hint = millis > 946_684_800L && millis < 100_000_000_000L ? " (epoch seconds instead of milliseconds?)" : "";
            throw new Rejection(DeadLetterReason.INVALID_TIME, field, field + " " + millis + " is before 2000-01-01" + hint);
        }
        return millis;
    }

    private static long parseTimeString(String s, String field) throws Rejection {
        long fast = IsoInstant.epochMillis(s); // the usual form, first
        if (fast != IsoInstant.NOT_FAST) {
            return fast;
        }
        if (!s.isEmpty() && s.length() <= 19 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(s);
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                throw new Rejection(DeadLetterReason.INVALID_TIME, field,
                        field + " '" + clip(s) + "' is not an ISO-8601 instant or epoch milliseconds");
            }
        }
    }

    /** A time more than the allowed skew ahead of the receive time: a clock or unit error upstream. */
    static void notInFuture(long millis, String field, long now, DecoderSettings settings) throws Rejection {
        if (millis - now > settings.maxFutureSkewMillis()) {
            throw new Rejection(DeadLetterReason.FUTURE_EVENT_TIME, field, field + " " + Instant.ofEpochMilli(millis)
                    + " is " + (millis - now) / 1000 + " s ahead of the receive time, more than the allowed skew of "
                    + settings.maxFutureSkewMillis() / 1000 + " s");
        }
    }

    static Rejection wrongType(String field, String expected, JsonToken found) {
        return new Rejection(DeadLetterReason.WRONG_TYPE, field, field + " must be " + expected + ", found " + describe(found));
    }

    static Rejection missing(String field) {
        return new Rejection(DeadLetterReason.MISSING_FIELD, field, "required field '" + field + "' is missing");
    }

    static String required(String value, String field) throws Rejection {
        if (value == null || value.isBlank()) {
            throw value == null ? missing(field)
                    : new Rejection(DeadLetterReason.MISSING_FIELD, field, "required field '" + field + "' is blank");
        }
        return value;
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.asString() == null ? t.name() : "'" + t.asString() + "'";
        }
    }

    private static long offsetOf(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    }

    /** Keeps quoted bad values in error messages short. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private static boolean isBlank(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** A decoding failure; cheap (no stack trace) because bad input is expected traffic. */
    static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        final DeadLetterReason reason;
        final String field;

        Rejection(DeadLetterReason reason, String field, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.field = field;
        }
    }
}
