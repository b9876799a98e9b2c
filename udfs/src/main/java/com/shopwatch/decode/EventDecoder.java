package com.shopwatch.decode;

import com.shopwatch.text.DetectedLanguage;
import com.shopwatch.text.LanguageIdentifier;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.model.RecordOrigin;
import static com.shopwatch.decode.JsonPayloads.clip;
import static com.shopwatch.decode.JsonPayloads.missing;
import static com.shopwatch.decode.JsonPayloads.number;
import static com.shopwatch.decode.JsonPayloads.required;
import static com.shopwatch.decode.JsonPayloads.string;
import static com.shopwatch.decode.JsonPayloads.stringArray;
import static com.shopwatch.decode.JsonPayloads.time;
import static com.shopwatch.decode.JsonPayloads.wrongType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.shopwatch.decode.JsonPayloads.Rejection;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.io.IOException;
import java.time.Instant;
import java.util.Currency;
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
public final class EventDecoder implements PayloadDecoder<DecodedRecord> {
    private static final long serialVersionUID = 1L;

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

    @Override
    public DecoderSettings settings() {
        return settings;
    }

    @Override
    public Class<DecodedRecord> producedClass() {
        return DecodedRecord.class;
    }

    /**
     * Decodes one record.
     *
     * @param payload the raw bytes (may be null or empty)
     * @param origin where the record came from, copied into a dead letter
     * @param receivedAtMillis wall-clock receive time; also the reference for the future-skew check
     * @param arrivalTime stream time given to a dead letter (it has no trustworthy event time)
     */
    @Override
    public DecodedRecord decode(byte[] payload, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        Partial partial = new Partial();
        try {
            CommerceEvent event = parse(payload, partial, receivedAtMillis);
            event.ingestionTime = receivedAtMillis;
            if (event.language == null) {
                identifyLanguage(event);
            }
            return DecodedRecord.accepted(event);
        } catch (Rejection r) {
            return DecodedRecord.rejected(deadLetter(r, payload, origin, receivedAtMillis, partial), arrivalTime);
        }
    }

    /**
     * Without a producer tag, the language is told from the text, once, before the fan-out, so
     * every flag and task of the event routes alike. The country's default language applies later,
     * where the packs are known (policy.ContentLanguage).
     */
    private static void identifyLanguage(CommerceEvent e) {
        int tags = e.hashtags == null ? 0 : e.hashtags.length;
        String[] texts = new String[3 + tags];
        texts[0] = e.title;
        texts[1] = e.description;
        texts[2] = e.caption;
        for (int i = 0; i < tags; i++) {
            texts[3 + i] = e.hashtags[i];
        }
        DetectedLanguage d = LANGUAGES.identify(e.country, texts);
        if (d != null) {
            e.languageDetected = d.language();
            e.languageConfidence = d.confidence();
            e.languageMethod = d.method();
        }
    }

    private static final LanguageIdentifier LANGUAGES = LanguageIdentifier.get();

    /**
     * A dead letter for a payload too large to hold in memory, of which the caller kept only a
     * prefix (e.g. an over-long line in a file).
     */
    @Override
    public DecodedRecord tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        return DecodedRecord.rejected(JsonPayloads.tooLarge(prefix, actualBytes, origin, receivedAtMillis, settings), arrivalTime);
    }

    private CommerceEvent parse(byte[] payload, Partial partial, long now) throws Rejection {
        JsonPayloads.readObject(payload, settings, factory(), (name, p) -> readField(name, p, partial));
        return validate(partial, now);
    }

    private static void readField(String name, JsonParser p, Partial f) throws IOException, Rejection {
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

    private static void readPrice(JsonParser p, Partial f) throws IOException, Rejection {
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
        JsonPayloads.notInFuture(e.eventTime, "event_time", now, settings);
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

    private static String validActions(EventType type) {
        StringBuilder sb = new StringBuilder();
        for (EventAction a : EventAction.values()) {
            if (a.isValidFor(type)) {
                sb.append(sb.length() == 0 ? "" : "|").append(a.code());
            }
        }
        return sb.toString();
    }

    private DeadLetter deadLetter(Rejection r, byte[] payload, RecordOrigin origin, long receivedAt, Partial partial) {
        DeadLetter d = JsonPayloads.deadLetter(r, payload, origin, receivedAt, settings);
        d.eventId = partial.eventId;
        d.eventType = partial.type != null && EventType.fromCode(partial.type) != null ? partial.type : null;
        if (partial.country != null && COUNTRIES.contains(partial.country.toUpperCase(Locale.ROOT))) {
            d.country = partial.country.toUpperCase(Locale.ROOT);
        }
        return d;
    }

    private JsonFactory factory() {
        if (jsonFactory == null) {
            jsonFactory = JsonPayloads.factory(settings);
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
}
