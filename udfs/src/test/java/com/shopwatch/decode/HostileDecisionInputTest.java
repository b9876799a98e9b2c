package com.shopwatch.decode;

import static com.shopwatch.decode.HostileInput.checkDeadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shopwatch.model.ModeratorDecision;
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

/** {@link DecisionDecoder} under random and mutated input: accepted and complete, or a dead letter. */
class HostileDecisionInputTest {
    private static final long NOW = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private static final DecisionDecoder DECODER = new DecisionDecoder(DecoderSettings.defaults());
    static final List<byte[]> SAMPLES = HostileInput.lines("decisions.jsonl");
    static final List<ObjectNode> VALID = valid();

    private static List<ObjectNode> valid() {
        return HostileInput.accepted(SAMPLES, line -> decode(line).isAccepted(), 10);
    }

    static DecodedDecision decode(byte[] bytes) {
        return DECODER.decode(bytes, RecordOrigin.kafka("moderation.decisions", 0, 1L), NOW, NOW - 1);
    }

    static DecodedDecision check(byte[] bytes) {
        DecodedDecision d = decode(bytes);
        assertThat(d).isNotNull();
        if (d.isAccepted()) {
            ModeratorDecision m = d.decision;
            assertThat(d.deadLetter).isNull();
            assertThat(m.taskId).isNotBlank();
            assertThat(m.decision).isNotBlank();
            assertThat(m.moderatorId).isNotBlank();
            assertThat(m.reasons).isNotNull().doesNotContainNull();
            assertThat(m.verdict()).isNotNull();
        } else {
            checkDeadLetter(d.deadLetter);
        }
        return d;
    }

    @Provide
    Arbitrary<byte[]> samples() {
        return Arbitraries.of(SAMPLES);
    }

    @Provide
    Arbitrary<ObjectNode> validRecords() {
        return Arbitraries.of(VALID);
    }

    @Property(tries = 1000, seed = "20261211")
    void randomBytes(@ForAll("bytes") byte[] bytes) {
        check(bytes);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ truefalsn\\u").ofMaxLength(200)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 1000, seed = "20261212")
    void truncatedAndFlippedSamples(@ForAll("samples") byte[] line, @ForAll long seed) {
        check(HostileInput.mutateBytes(line, new Random(seed)));
    }

    @Property(tries = 1000, seed = "20261213")
    void wrongTypesHugeStringsAndDeepNestingPerField(@ForAll("validRecords") ObjectNode record, @ForAll long seed) {
        Random r = new Random(seed);
        List<String> paths = HostileInput.paths(record, List.of("task_id", "decision", "moderator_id", "time", "reasons"));
        String path = paths.get(r.nextInt(paths.size()));
        DecodedDecision d = check(HostileInput.replace(record, path, HostileInput.randomValue(r))
                .getBytes(StandardCharsets.UTF_8));
        Statistics.collect(d.isAccepted() ? "accepted" : d.deadLetter.reason);
        if (!d.isAccepted() && d.deadLetter.reason.equals("wrong_type")) {
            assertThat(d.deadLetter.field).as(d.deadLetter.error).startsWith(path.replaceAll("[.\\[].*", ""));
        }
    }
}
