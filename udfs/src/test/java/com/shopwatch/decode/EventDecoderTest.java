package com.shopwatch.decode;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.model.RecordOrigin;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDecoderTest {
    private static final long NOW = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final String LISTING = "{\"event_id\":\"e1\",\"type\":\"listing\",\"action\":\"created\","
            + "\"event_time\":\"2026-11-24T11:59:00Z\",\"listing_id\":\"L1\",\"seller_id\":\"S1\",\"country\":\"SG\","
            + "\"language\":\"en\",\"category\":\"electronics\",\"title\":\"Phone case\",\"description\":\"Nice\","
            + "\"brand\":\"Acme\",\"price\":{\"amount\":12.5,\"currency\":\"SGD\"},\"image_hashes\":[\"ab12\",\"cd34\"],"
            + "\"seller_created_at\":\"2025-01-01T00:00:00Z\"}";
    private static final String VIDEO = "{\"event_id\":\"e2\",\"type\":\"video\",\"action\":\"reported\","
            + "\"event_time\":1795003140000,\"video_id\":\"V1\",\"creator_id\":\"C1\",\"country\":\"th\","
            + "\"caption\":\"รีวิว\",\"hashtags\":[\"#sale\"],\"linked_listing_ids\":[\"L1\"],\"duration_s\":31.5,"
            + "\"reporter_id\":\"R1\",\"report_reason\":\"scam\"}";

    private final EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());

    private DecodedRecord decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private DecodedRecord decode(byte[] bytes) {
        return decoder.decode(bytes, RecordOrigin.kafka("listings", 3, 42L), NOW, NOW - 5);
    }

    private DeadLetter rejected(String json, DeadLetterReason reason) {
        DecodedRecord r = decode(json);
        assertThat(r.isAccepted()).as("accepted %s", json).isFalse();
        assertThat(r.deadLetter.reason).as(r.deadLetter.error).isEqualTo(reason.code());
        assertThat(r.deadLetter.error).isNotBlank();
        return r.deadLetter;
    }

    @Test
    void acceptsAFullListing() {
        DecodedRecord r = decode(LISTING);
        assertThat(r.isAccepted()).isTrue();
        CommerceEvent e = r.event;
        assertThat(e.type).isEqualTo(EventType.LISTING);
        assertThat(e.action).isEqualTo(EventAction.CREATED);
        assertThat(e.eventTime).isEqualTo(Instant.parse("2026-11-24T11:59:00Z").toEpochMilli());
        assertThat(r.timestamp).isEqualTo(e.eventTime);
        assertThat(e.itemId).isEqualTo("L1");
        assertThat(e.accountId).isEqualTo("S1");
        assertThat(e.priceAmount).isEqualTo(12.5);
        assertThat(e.priceCurrency).isEqualTo("SGD");
        assertThat(e.imageHashes).containsExactly("ab12", "cd34");
        assertThat(e.sellerCreatedAt).isEqualTo(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void acceptsAReportedVideoWithEpochMillisAndLowerCaseCountry() {
        DecodedRecord r = decode(VIDEO);
        assertThat(r.isAccepted()).isTrue();
        assertThat(r.event.country).isEqualTo("TH");
        assertThat(r.event.eventTime).isEqualTo(1795003140000L);
        assertThat(r.event.reporterId).isEqualTo("R1");
        assertThat(r.event.hashtags).containsExactly("#sale");
        assertThat(r.event.durationSeconds).isEqualTo(31.5);
    }

    @Test
    void ignoresUnknownFieldsIncludingNestedOnes() {
        String json = LISTING.replace("{\"event_id\"", "{\"x_new\":{\"a\":[1,2,{\"b\":null}]},\"event_id\"");
        assertThat(decode(json).isAccepted()).isTrue();
    }

    @Test
    void acceptsOffsetTimesAndDeletedListingsWithoutTitle() {
        String json = LISTING.replace("2026-11-24T11:59:00Z", "2026-11-24T19:59:00+08:00")
                .replace("\"created\"", "\"deleted\"").replace("\"title\":\"Phone case\",", "");
        DecodedRecord r = decode(json);
        assertThat(r.isAccepted()).isTrue();
        assertThat(r.event.eventTime).isEqualTo(Instant.parse("2026-11-24T11:59:00Z").toEpochMilli());
    }

    @Test
    void rejectsEmptyAndBlankPayloads() {
        rejected("", DeadLetterReason.EMPTY_PAYLOAD);
        rejected("  \n ", DeadLetterReason.EMPTY_PAYLOAD);
        DecodedRecord r = decoder.decode(null, RecordOrigin.file("a.jsonl", 3), NOW, NOW);
        assertThat(r.deadLetter.reason).isEqualTo("empty_payload");
    }

    @Test
    void rejectsNonJson() {
        DeadLetter d = rejected("hello world", DeadLetterReason.NOT_JSON);
        assertThat(d.error).contains("offset");
        rejected("{\"event_id\": \"x\", oops}", DeadLetterReason.NOT_JSON);
        rejected(LISTING + " trailing", DeadLetterReason.NOT_JSON);
        rejected("{\"a\":NaN}", DeadLetterReason.NOT_JSON);
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThat(rejected("[1,2,3]", DeadLetterReason.NOT_OBJECT).error).contains("an array");
        rejected("42", DeadLetterReason.NOT_OBJECT);
        rejected("\"listing\"", DeadLetterReason.NOT_OBJECT);
        rejected("null", DeadLetterReason.NOT_OBJECT);
    }

    @Test
    void rejectsTruncatedJson() {
        for (int cut : new int[] {1, 20, 57, LISTING.length() / 2, LISTING.length() - 1}) {
            rejected(LISTING.substring(0, cut), DeadLetterReason.TRUNCATED_JSON);
        }
    }

    @Test
    void rejectsDeeplyNestedJunkEvenInUnknownFields() {
        String deep = "[".repeat(200) + "]".repeat(200);
        DeadLetter d = rejected(LISTING.replace("{\"event_id\"", "{\"junk\":" + deep + ",\"event_id\""),
                DeadLetterReason.TOO_DEEPLY_NESTED);
        assertThat(d.error).contains("nested deeper than 16");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"listing_id\":\"L1\",|listing_id",
        "\"seller_id\":\"S1\",|seller_id",
        "\"event_id\":\"e1\",|event_id",
        "\"title\":\"Phone case\",|title",
        "\"country\":\"SG\",|country",
        "\"action\":\"created\",|action",
        "\"currency\":\"SGD\"|price.currency",
    })
    void rejectsMissingRequiredFieldsNamingTheField(String removed, String field) {
        String json = LISTING.replace(removed, "").replace(",}", "}");
        DeadLetter d = rejected(json, DeadLetterReason.MISSING_FIELD);
        assertThat(d.field).isEqualTo(field);
        assertThat(d.error).contains(field);
    }

    @Test
    void rejectsMissingTypeAndEventTime() {
        rejected(LISTING.replace("\"type\":\"listing\",", ""), DeadLetterReason.MISSING_FIELD);
        assertThat(rejected(LISTING.replace("\"event_time\":\"2026-11-24T11:59:00Z\",", ""),
                DeadLetterReason.MISSING_FIELD).field).isEqualTo("event_time");
        assertThat(rejected(LISTING.replace("\"listing_id\":\"L1\"", "\"listing_id\":\"  \""),
                DeadLetterReason.MISSING_FIELD).error).contains("blank");
        assertThat(rejected(VIDEO.replace("\"reporter_id\":\"R1\",", ""), DeadLetterReason.MISSING_FIELD).field)
                .isEqualTo("reporter_id");
        assertThat(rejected(VIDEO.replace("\"creator_id\":\"C1\",", ""), DeadLetterReason.MISSING_FIELD).field)
                .isEqualTo("creator_id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"amount\":12.5|\"amount\":\"12.5\"|price.amount",
        "\"event_time\":\"2026-11-24T11:59:00Z\"|\"event_time\":true|event_time",
        "\"image_hashes\":[\"ab12\",\"cd34\"]|\"image_hashes\":\"ab12\"|image_hashes",
        "\"image_hashes\":[\"ab12\",\"cd34\"]|\"image_hashes\":[\"ab12\",7]|image_hashes[1]",
        "\"title\":\"Phone case\"|\"title\":{\"en\":\"x\"}|title",
        "\"price\":{\"amount\":12.5,\"currency\":\"SGD\"}|\"price\":12.5|price",
        "\"country\":\"SG\"|\"country\":65|country",
    })
    void rejectsWronglyTypedFieldsNamingTheField(String from, String to, String field) {
        DeadLetter d = rejected(LISTING.replace(from, to), DeadLetterReason.WRONG_TYPE);
        assertThat(d.field).isEqualTo(field);
        assertThat(d.error).startsWith(field + " must be");
    }

    @Test
    void rejectsUnknownTypeAndAction() {
        assertThat(rejected(LISTING.replace("\"listing\"", "\"livestream\""), DeadLetterReason.UNKNOWN_TYPE).error)
                .contains("livestream");
        rejected(LISTING.replace("\"created\"", "\"exploded\""), DeadLetterReason.UNKNOWN_ACTION);
        DeadLetter d = rejected(LISTING.replace("\"created\"", "\"published\""), DeadLetterReason.UNKNOWN_ACTION);
        assertThat(d.error).contains("created|updated|deleted");
        rejected(VIDEO.replace("\"reported\"", "\"created\""), DeadLetterReason.UNKNOWN_ACTION);
    }

    @Test
    void rejectsInvalidCountryAndCurrency() {
        rejected(LISTING.replace("\"SG\"", "\"XX\""), DeadLetterReason.INVALID_COUNTRY);
        DeadLetter d = rejected(LISTING.replace("\"SG\"", "\"Singapore\""), DeadLetterReason.INVALID_COUNTRY);
        assertThat(d.country).isNull();
        rejected(LISTING.replace("\"SGD\"", "\"ZZZ\""), DeadLetterReason.INVALID_CURRENCY);
        rejected(LISTING.replace("\"SGD\"", "\"dollars\""), DeadLetterReason.INVALID_CURRENCY);
    }

    @Test
    void rejectsNegativeNonFiniteAndAbsurdPrices() {
        rejected(LISTING.replace("12.5", "-1"), DeadLetterReason.INVALID_PRICE);
        assertThat(rejected(LISTING.replace("12.5", "1e400"), DeadLetterReason.INVALID_PRICE).error).contains("finite");
        rejected(LISTING.replace("12.5", "5e15"), DeadLetterReason.INVALID_PRICE);
        assertThat(decode(LISTING.replace("12.5", "0")).isAccepted()).isTrue();
    }

    @Test
    void rejectsUnparseableAndImplausibleTimes() {
        rejected(LISTING.replace("2026-11-24T11:59:00Z", "yesterday"), DeadLetterReason.INVALID_TIME);
        rejected(LISTING.replace("2026-11-24T11:59:00Z", "2026-13-45T99:00:00Z"), DeadLetterReason.INVALID_TIME);
        DeadLetter secs = rejected(LISTING.replace("\"2026-11-24T11:59:00Z\"", "1795003140"), DeadLetterReason.INVALID_TIME);
        assertThat(secs.error).contains("epoch seconds");
        rejected(LISTING.replace("\"2026-11-24T11:59:00Z\"", "99999999999999999999999"), DeadLetterReason.INVALID_TIME);
        rejected(LISTING.replace("2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z"), DeadLetterReason.INVALID_TIME);
    }

    @Test
    void acceptsWholeEpochMillisWrittenAsFloatsButNotFractions() {
        DecodedRecord r = decode(VIDEO.replace("1795003140000", "1.79500314E12"));
        assertThat(r.isAccepted()).isTrue();
        assertThat(r.event.eventTime).isEqualTo(1795003140000L);
        rejected(VIDEO.replace("1795003140000", "1795003140000.5"), DeadLetterReason.INVALID_TIME);
    }

    @Test
    void rejectsEventsTooFarInTheFuture() {
        DeadLetter d = rejected(LISTING.replace("2026-11-24T11:59:00Z", "2099-01-01T00:00:00Z"),
                DeadLetterReason.FUTURE_EVENT_TIME);
        assertThat(d.field).isEqualTo("event_time");
        // Within the allowed skew (10 minutes) is fine: producers' clocks drift.
        assertThat(decode(LISTING.replace("2026-11-24T11:59:00Z", "2026-11-24T12:09:00Z")).isAccepted()).isTrue();
        rejected(LISTING.replace("2026-11-24T11:59:00Z", "2026-11-24T12:11:00Z"), DeadLetterReason.FUTURE_EVENT_TIME);
    }

    @Test
    void rejectsAbsurdValues() {
        rejected(VIDEO.replace("31.5", "-3"), DeadLetterReason.INVALID_VALUE);
        rejected(VIDEO.replace("31.5", "1e9"), DeadLetterReason.INVALID_VALUE);
        rejected(LISTING.replace("\"language\":\"en\"", "\"language\":\"!!\""), DeadLetterReason.INVALID_VALUE);
    }

    @Test
    void rejectsOversizedPayloadsWithTruncatedCopy() {
        EventDecoder small = new EventDecoder(new DecoderSettings(1000, 100, Duration.ofMinutes(10), 16));
        String big = LISTING.replace("\"Nice\"", "\"" + "x".repeat(2000) + "\"");
        DecodedRecord r = small.decode(big.getBytes(StandardCharsets.UTF_8), RecordOrigin.file("f", 9), NOW, NOW);
        DeadLetter d = r.deadLetter;
        assertThat(d.reason).isEqualTo("payload_too_large");
        assertThat(d.payloadBytes).isEqualTo(big.length());
        assertThat(d.payloadTruncated).isTrue();
        assertThat(d.payload).hasSize(100).isEqualTo(big.substring(0, 100));
        assertThat(d.source.toString()).isEqualTo("f:9");
    }

    @Test
    void truncationKeepsMultiByteCharactersWhole() {
        EventDecoder small = new EventDecoder(new DecoderSettings(10, 5, Duration.ofMinutes(10), 16));
        byte[] thai = "ปืนปืนปืน".getBytes(StandardCharsets.UTF_8);
        DeadLetter d = small.decode(thai, RecordOrigin.generator(1), NOW, NOW).deadLetter;
        assertThat(d.payload).isEqualTo("ป");
    }

    @Test
    void rejectsInvalidUtf8KeepingTheBytesAsBase64() {
        byte[] json = LISTING.getBytes(StandardCharsets.UTF_8);
        byte[] bad = json.clone();
        int at = LISTING.indexOf("Phone");
        bad[at] = (byte) 0xC3;
        bad[at + 1] = (byte) 0x28;
        DeadLetter d = decode(bad).deadLetter;
        assertThat(d.reason).isEqualTo("invalid_utf8");
        assertThat(d.error).contains("0xC3").contains("offset " + at);
        assertThat(d.payloadEncoding).isEqualTo("base64");
        assertThat(java.util.Base64.getDecoder().decode(d.payload)).isEqualTo(bad);
        for (byte[] seq : new byte[][] {{(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}}) {
            assertThat(decode(seq).deadLetter.reason).isEqualTo("invalid_utf8");
        }
    }

    @Test
    void deadLetterCarriesSourceReceiveTimeAndWhatWasKnown() {
        DecodedRecord r = decode(LISTING.replace("\"SGD\"", "\"ZZZ\""));
        DeadLetter d = r.deadLetter;
        assertThat(r.timestamp).isEqualTo(NOW - 5);
        assertThat(d.source.topic).isEqualTo("listings");
        assertThat(d.source.partition).isEqualTo(3);
        assertThat(d.source.offset).isEqualTo(42L);
        assertThat(d.receivedAt).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(d.eventId).isEqualTo("e1");
        assertThat(d.eventType).isEqualTo("listing");
        assertThat(d.country).isEqualTo("SG");
        assertThat(d.payload).isEqualTo(LISTING.replace("\"SGD\"", "\"ZZZ\""));
        assertThat(d.payloadTruncated).isFalse();
    }
}
