package com.shopwatch.decode;

import static com.shopwatch.decode.HostileInput.checkDeadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random and mutated bytes never make {@link EventDecoder#decode} throw: every record is either
 * an accepted, complete event or a dead letter with a reason, an error and (where it is about a
 * field) the field. Seeded, so CI sees the same inputs every run.
 */
class HostileEventInputTest {
    private static final long NOW = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final EventDecoder DECODER = new EventDecoder(DecoderSettings.defaults());
    static final List<byte[]> SAMPLES = HostileInput.lines("events.jsonl");
    /** The samples the decoder accepts, as trees to mutate field by field. */
    static final List<ObjectNode> VALID = valid();

    private static List<ObjectNode> valid() {
        return HostileInput.accepted(SAMPLES, line -> decode(line).isAccepted(), 100);
    }

    static DecodedRecord decode(byte[] bytes) {
        return DECODER.decode(bytes, RecordOrigin.kafka("listings", 0, 1L), NOW, NOW - 1);
    }

    /** The decoder's contract for one record, whatever its bytes. */
    static DecodedRecord check(byte[] bytes) {
        DecodedRecord r = decode(bytes);
        assertThat(r).isNotNull();
        if (r.isAccepted()) {
            CommerceEvent e = r.event;
            assertThat(r.deadLetter).isNull();
            assertThat(e.eventId).isNotBlank();
            assertThat(e.type).isNotNull();
            assertThat(e.action).isNotNull();
            assertThat(e.itemId).isNotBlank();
            assertThat(e.accountId).isNotBlank();
            assertThat(e.country).hasSize(2);
            if (e.priceAmount != null) {
                assertThat(e.priceAmount).isFinite().isNotNegative();
                assertThat(e.priceCurrency).hasSize(3);
            }
        } else {
            checkDeadLetter(r.deadLetter);
        }
        return r;
    }

    @Provide
    Arbitrary<byte[]> samples() {
        return Arbitraries.of(SAMPLES);
    }

    @Provide
    Arbitrary<ObjectNode> validRecords() {
        return Arbitraries.of(VALID);
    }

    @Property(tries = 1000, seed = "20261201")
    void randomBytes(@ForAll("bytes") byte[] bytes) {
        check(bytes);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                // printable JSON-ish noise gets further into the parser than uniform bytes
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ truefalsn\\u").ofMaxLength(300)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 1000, seed = "20261202")
    void truncatedAndFlippedSamples(@ForAll("samples") byte[] line, @ForAll long seed) {
        check(HostileInput.mutateBytes(line, new Random(seed)));
    }

    @Property(tries = 1000, seed = "20261203")
    void wrongTypesHugeStringsAndDeepNestingPerField(@ForAll("validRecords") ObjectNode record, @ForAll long seed) {
        Random r = new Random(seed);
        List<String> paths = HostileInput.paths(record, List.of("event_id", "type", "action", "event_time", "country", "price", "title"));
        String path = paths.get(r.nextInt(paths.size()));
        String value = HostileInput.randomValue(r);
        DecodedRecord d = check(HostileInput.replace(record, path, value).getBytes(StandardCharsets.UTF_8));
        Statistics.collect(d.isAccepted() ? "accepted" : d.deadLetter.reason);
        if (!d.isAccepted() && d.deadLetter.reason.equals("wrong_type")) {
            String root = path.replaceAll("[.\\[].*", "");
            assertThat(d.deadLetter.field).as(d.deadLetter.error).startsWith(root);
            assertThat(d.deadLetter.error).as("error names the field").contains(d.deadLetter.field);
        }
    }

    @Property(tries = 300, seed = "20261204")
    void unknownFieldsOfAnyShapeAreIgnoredOrRejectedAsAWhole(@ForAll("validRecords") ObjectNode record, @ForAll long seed) {
        Random r = new Random(seed);
        String value = HostileInput.randomValue(r);
        DecodedRecord d = check(HostileInput.replace(record, "x_unknown_" + r.nextInt(5), value)
                .getBytes(StandardCharsets.UTF_8));
        if (!d.isAccepted() && !(d.deadLetter.reason.equals("not_json") && d.deadLetter.error.contains("surrogate"))) {
            // (Jackson rejects a broken surrogate pair in a field name, even an unknown one: not JSON)
            assertThat(d.deadLetter.reason).as("%s: %s", value.length() > 200 ? value.substring(0, 200) : value, d.deadLetter.error)
                    .isIn("too_deeply_nested", "payload_too_large", "invalid_utf8");
        }
    }
}
