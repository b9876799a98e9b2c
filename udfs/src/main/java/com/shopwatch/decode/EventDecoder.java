package com.shopwatch.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.shopwatch.event.CommerceEvent;
import com.shopwatch.event.EventAction;
import com.shopwatch.event.EventType;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one raw payload into a validated {@link CommerceEvent} or a {@link DeadLetter} that says
 * what is wrong and where. Never throws on bad input.
 *
 * <p>Uses Jackson's streaming parser (no tree model) and reads each field straight into the
 * typed event, so a payload is parsed once. Unknown fields are skipped, which keeps producers
 * free to evolve; nesting depth is capped so deeply nested junk cannot exhaust the stack.
 */
public final class EventDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Events before this instant are rejected: almost always epoch seconds sent as millis. */
    static final long EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    /** Prices above this are absurd in every supported currency (VND included). */
    static final double MAX_PRICE = 1e12;
    /** A video longer than a day is not a shoppable video. */
    static final double MAX_DURATION_SECONDS = 24 * 3600;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> CURRENCIES =
            Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).collect(Collectors.toSet());
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}");

    private final DecoderSettings settings;
    private transient JsonFactory jsonFactory;

    public EventDecoder(DecoderSettings settings) {
        this.settings = settings;
    }

    public DecoderSettings settings() {
        return settings;
    }

    /**
     * Decodes one record.
     *
     * @param payload the raw bytes (may be null or empty)
     * @param origin where the record came from, copied into a dead letter
     * @param receivedAtMillis wall-clock receive time; also the reference for the future-skew check
     * @param arrivalTime stream time given to a dead letter (it has no trustworthy event time)
     */
    public DecodedRecord decode(byte[] payload, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        Partial partial = new Partial();
        try {
            CommerceEvent event = parse(payload, partial, receivedAtMillis);
            return DecodedRecord.accepted(event);
        } catch (Rejection r) {
            return DecodedRecord.rejected(deadLetter(r, payload, origin, receivedAtMillis, partial), arrivalTime);
        }
    }

    /**
     * A dead letter for a payload too large to hold in memory, of which the caller kept only a
     * prefix (e.g. an over-long line in a file).
     */
    public DecodedRecord tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        Rejection r = new Rejection(DeadLetterReason.PAYLOAD_TOO_LARGE, null,
                "payload is " + actualBytes + " bytes, over the limit of " + settings.maxPayloadBytes());
        DeadLetter d = deadLetter(r, prefix, origin, receivedAtMillis, new Partial());
        d.payloadBytes = actualBytes;
        d.payloadTruncated = true;
        return DecodedRecord.rejected(d, arrivalTime);
    }

    private CommerceEvent parse(byte[] payload, Partial partial, long now) throws Rejection {
        if (payload == null || isBlank(payload)) {
            throw new Rejection(DeadLetterReason.EMPTY_PAYLOAD, null, "payload is empty");
        }
        if (payload.length > settings.maxPayloadBytes()) {
            throw new Rejection(
                    DeadLetterReason.PAYLOAD_TOO_LARGE,
                    null,
                    "payload is " + payload.length + " bytes, over the limit of " + settings.maxPayloadBytes());
        }
        int badByte = Utf8.firstInvalidByte(payload);
        if (badByte >= 0) {
            throw new Rejection(
                    DeadLetterReason.INVALID_UTF8,
                    null,
                    String.format("payload is not valid UTF-8: bad byte 0x%02X at offset %d", payload[badByte] & 0xFF, badByte));
        }
        try (JsonParser p = factory().createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new Rejection(
                        DeadLetterReason.NOT_OBJECT, null, "payload is JSON but not an object (found " + describe(first) + ")");
            }
            readObject(p, partial);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new Rejection(
                        DeadLetterReason.NOT_JSON,
                        null,
                        "unexpected content after the JSON object at offset " + p.currentTokenLocation().getByteOffset());
            }
        } catch (StreamConstraintsException e) {
            throw new Rejection(DeadLetterReason.TOO_DEEPLY_NESTED, null, "payload is nested deeper than "
                    + settings.maxNestingDepth() + " levels (at offset " + offsetOf(e) + ")");
        } catch (JsonEOFException e) {
            throw new Rejection(
                    DeadLetterReason.TRUNCATED_JSON, null, "JSON ends unexpectedly at offset " + offsetOf(e) + " (truncated?)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Rejection(DeadLetterReason.NOT_JSON, null, "not valid JSON: " + e.getOriginalMessage()
                    + " at offset " + offsetOf(e));
        } catch (IOException e) {
            throw new Rejection(DeadLetterReason.NOT_JSON, null, "could not read payload: " + e.getMessage());
        }
        return validate(partial, now);
    }

    private void readObject(JsonParser p, Partial f) throws IOException, Rejection {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue; // an explicit null is the same as an absent optional field
            }
            switch (name) {
                case "event_id": f.eventId = string(p, name); break;
                case "type": f.type = string(p, name); break;
                case "action": f.action = string(p, name); break;
                case "event_time": f.eventTime = time(p, name); break;
                case "listing_id": f.listingId = string(p, name); break;
                case "seller_id": f.sellerId = string(p, name); break;
                case "video_id": f.videoId = string(p, name); break;
                case "creator_id": f.creatorId = string(p, name); break;
                case "country": f.country = string(p, name); break;
                case "language": f.language = string(p, name); break;
                case "category": f.category = string(p, name); break;
                case "title": f.title = string(p, name); break;
                case "description": f.description = string(p, name); break;
                case "brand": f.brand = string(p, name); break;
                case "price": readPrice(p, f); break;
                case "image_hashes": f.imageHashes = stringArray(p, name); break;
                case "seller_created_at": f.sellerCreatedAt = time(p, name); break;
                case "caption": f.caption = string(p, name); break;
                case "hashtags": f.hashtags = stringArray(p, name); break;
                case "linked_listing_ids": f.linkedListingIds = stringArray(p, name); break;
                case "duration_s": f.durationSeconds = number(p, name); break;
                case "reporter_id": f.reporterId = string(p, name); break;
                case "report_reason": f.reportReason = string(p, name); break;
                default:
                    p.skipChildren(); // unknown fields are ignored: producers evolve
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new Rejection(DeadLetterReason.NOT_JSON, null, "expected a field name, found " + describe(t));
        }
    }

    private void readPrice(JsonParser p, Partial f) throws IOException, Rejection {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType("price", "an object {amount, currency}", p.currentToken());
        }
        f.hasPrice = true;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            if (name.equals("amount")) {
                f.priceAmount = number(p, "price.amount");
            } else if (name.equals("currency")) {
                f.priceCurrency = string(p, "price.currency");
            } else {
                p.skipChildren();
            }
        }
    }

    private CommerceEvent validate(Partial f, long now) throws Rejection {
        EventType type = null;
        if (f.type == null) {
            throw missing("type");
        }
        type = EventType.fromCode(f.type);
        if (type == null) {
            throw new Rejection(DeadLetterReason.UNKNOWN_TYPE, "type",
                    "unknown type '" + clip(f.type) + "' (expected listing or video)");
        }
        CommerceEvent e = new CommerceEvent();
        e.type = type;
        if (f.action == null) {
            throw missing("action");
        }
        EventAction action = EventAction.fromCode(f.action);
        if (action == null || !action.isValidFor(type)) {
            throw new Rejection(DeadLetterReason.UNKNOWN_ACTION, "action", "unknown action '" + clip(f.action)
                    + "' for a " + type.code() + " (expected " + validActions(type) + ")");
        }
        e.action = action;
        e.eventId = required(f.eventId, "event_id");
        if (f.eventTime == null) {
            throw missing("event_time");
        }
        e.eventTime = f.eventTime;
        if (e.eventTime - now > settings.maxFutureSkewMillis()) {
            throw new Rejection(DeadLetterReason.FUTURE_EVENT_TIME, "event_time", "event_time "
                    + Instant.ofEpochMilli(e.eventTime) + " is " + (e.eventTime - now) / 1000
                    + " s ahead of the receive time, more than the allowed skew of "
                    + settings.maxFutureSkewMillis() / 1000 + " s");
        }
        e.country = isoCode(f.country, "country", "country", COUNTRIES, DeadLetterReason.INVALID_COUNTRY, "ISO 3166-1 alpha-2");
        if (f.language != null) {
            if (!LANGUAGE_TAG.matcher(f.language).matches()) {
                throw new Rejection(DeadLetterReason.INVALID_VALUE, "language",
                        "language '" + clip(f.language) + "' is not a BCP-47 language tag");
            }
            e.language = f.language;
        }
        e.category = f.category;
        if (type == EventType.LISTING) {
            e.itemId = required(f.listingId, "listing_id");
            e.accountId = required(f.sellerId, "seller_id");
            if (action != EventAction.DELETED) {
                e.title = required(f.title, "title");
            } else {
                e.title = f.title;
            }
            e.description = f.description;
            e.brand = f.brand;
            e.imageHashes = f.imageHashes;
            if (f.sellerCreatedAt != null) {
                if (f.sellerCreatedAt - e.eventTime > settings.maxFutureSkewMillis()) {
                    throw new Rejection(DeadLetterReason.INVALID_TIME, "seller_created_at", "seller_created_at "
                            + Instant.ofEpochMilli(f.sellerCreatedAt) + " is after event_time "
                            + Instant.ofEpochMilli(e.eventTime));
                }
                e.sellerCreatedAt = f.sellerCreatedAt;
            }
            if (f.hasPrice) {
                validatePrice(f, e);
            }
        } else {
            e.itemId = required(f.videoId, "video_id");
            e.accountId = required(f.creatorId, "creator_id");
            e.caption = f.caption;
            e.title = f.title;
            e.hashtags = f.hashtags;
            e.linkedListingIds = f.linkedListingIds;
            if (f.durationSeconds != null) {
                double d = f.durationSeconds;
                if (!Double.isFinite(d) || d < 0 || d > MAX_DURATION_SECONDS) {
                    throw new Rejection(DeadLetterReason.INVALID_VALUE, "duration_s",
                            "duration_s " + d + " is outside 0.." + (long) MAX_DURATION_SECONDS);
                }
                e.durationSeconds = d;
            }
            if (action == EventAction.REPORTED) {
                e.reporterId = required(f.reporterId, "reporter_id");
                e.reportReason = f.reportReason;
            }
        }
        return e;
    }

    private static void validatePrice(Partial f, CommerceEvent e) throws Rejection {
        if (f.priceAmount == null) {
            throw missing("price.amount");
        }
        double amount = f.priceAmount;
        if (!Double.isFinite(amount)) {
            throw new Rejection(DeadLetterReason.INVALID_PRICE, "price.amount", "price.amount is not a finite number");
        }
        if (amount < 0) {
            throw new Rejection(DeadLetterReason.INVALID_PRICE, "price.amount", "price.amount " + amount + " is negative");
        }
        if (amount > MAX_PRICE) {
            throw new Rejection(DeadLetterReason.INVALID_PRICE, "price.amount",
                    "price.amount " + amount + " is above the plausible maximum of " + MAX_PRICE);
        }
        e.priceCurrency = isoCode(f.priceCurrency, "price.currency", "currency", CURRENCIES,
                DeadLetterReason.INVALID_CURRENCY, "ISO 4217");
        e.priceAmount = amount;
    }

    /** A required code from a fixed set, accepted in any case and returned upper-cased. */
    private static String isoCode(String value, String field, String label, Set<String> known, DeadLetterReason reason,
            String standard) throws Rejection {
        if (value == null) {
            throw missing(field);
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!known.contains(code)) {
            throw new Rejection(reason, field, label + " '" + clip(value) + "' is not an " + standard + " code");
        }
        return code;
    }

    // ---- value readers: each checks the JSON type and names the field on mismatch ----

    private static String string(JsonParser p, String field) throws IOException, Rejection {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", p.currentToken());
        }
        return p.getText();
    }

    private static Double number(JsonParser p, String field) throws IOException, Rejection {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(field, "a number", t);
        }
        return p.getDoubleValue();
    }

    private static String[] stringArray(JsonParser p, String field) throws IOException, Rejection {
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
    private static Long time(JsonParser p, String field) throws IOException, Rejection {
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
            String s = p.getText().trim();
            millis = parseTimeString(s, field);
        } else {
            throw wrongType(field, "an ISO-8601 instant string or epoch milliseconds", t);
        }
        if (millis < EARLIEST_EVENT_TIME) {
            String hint = millis > 946_684_800L && millis < 100_000_000_000L ? " (epoch seconds instead of milliseconds?)" : "";
            throw new Rejection(DeadLetterReason.INVALID_TIME, field,
                    field + " " + millis + " is before 2000-01-01" + hint);
        }
        return millis;
    }

    private static long parseTimeString(String s, String field) throws Rejection {
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

    private static Rejection wrongType(String field, String expected, JsonToken found) {
        return new Rejection(DeadLetterReason.WRONG_TYPE, field, field + " must be " + expected + ", found " + describe(found));
    }

    private static Rejection missing(String field) {
        return new Rejection(DeadLetterReason.MISSING_FIELD, field, "required field '" + field + "' is missing");
    }

    private static String required(String value, String field) throws Rejection {
        if (value == null || value.isBlank()) {
            throw value == null ? missing(field)
                    : new Rejection(DeadLetterReason.MISSING_FIELD, field, "required field '" + field + "' is blank");
        }
        return value;
    }

    private static String validActions(EventType type) {
        StringBuilder sb = new StringBuilder();
        for (EventAction a : EventAction.values()) {
            if (a.isValidFor(type)) {
                sb.append(sb.length() == 0 ? "" : "|").append(a.code());
            }
        }
        return sb.toString();
    }

    private static String describe(JsonToken t) {
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

    private static long offsetOf(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    }

    /** Keeps quoted bad values in error messages short. */
    private static String clip(String s) {
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

    private DeadLetter deadLetter(Rejection r, byte[] payload, RecordOrigin origin, long receivedAt, Partial partial) {
        DeadLetter d = new DeadLetter();
        d.reason = r.reason.code();
        d.error = r.getMessage();
        d.field = r.field;
        d.source = origin;
        d.receivedAt = Instant.ofEpochMilli(receivedAt).toString();
        byte[] bytes = payload == null ? new byte[0] : payload;
        d.payloadBytes = bytes.length;
        int limit = settings.deadLetterPayloadLimit();
        if (r.reason == DeadLetterReason.INVALID_UTF8) {
            d.payloadEncoding = "base64";
            d.payloadTruncated = bytes.length > limit;
            d.payload = Base64.getEncoder().encodeToString(d.payloadTruncated ? java.util.Arrays.copyOf(bytes, limit) : bytes);
        } else {
            d.payloadEncoding = "utf-8";
            d.payloadTruncated = bytes.length > limit;
            // Cut on a character boundary so the stored prefix is still valid UTF-8.
            int end = d.payloadTruncated ? Utf8.boundaryAtOrBefore(bytes, limit) : bytes.length;
            d.payload = new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
        d.eventId = partial.eventId;
        d.eventType = partial.type != null && EventType.fromCode(partial.type) != null ? partial.type : null;
        if (partial.country != null && COUNTRIES.contains(partial.country.toUpperCase(Locale.ROOT))) {
            d.country = partial.country.toUpperCase(Locale.ROOT);
        }
        return d;
    }

    private JsonFactory factory() {
        if (jsonFactory == null) {
            jsonFactory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(settings.maxNestingDepth())
                            .build())
                    .build();
        }
        return jsonFactory;
    }

    /** Fields as read, before validation; also what a dead letter reports of a bad record. */
    private static final class Partial {
        String eventId, type, action, listingId, sellerId, videoId, creatorId, country, language, category;
        String title, description, brand, priceCurrency, caption, reporterId, reportReason;
        Long eventTime, sellerCreatedAt;
        Double priceAmount, durationSeconds;
        boolean hasPrice;
        String[] imageHashes, hashtags, linkedListingIds;
    }

    /** A decoding failure; cheap (no stack trace) because bad input is expected traffic. */
    private static final class Rejection extends Exception {
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
