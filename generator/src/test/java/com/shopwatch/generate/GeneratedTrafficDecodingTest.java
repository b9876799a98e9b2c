package com.shopwatch.generate;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder agrees with the generator's ground truth, and with the bundled sample's manifest. */
class GeneratedTrafficDecodingTest {
    private final EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());

    @Test
    void everyGeneratedRecordDecodesToItsExpectedOutcome() {
        long now = System.currentTimeMillis();
        SyntheticEventGenerator generator = new SyntheticEventGenerator(GeneratorSettings.builder()
                .seed(7).startTimeMillis(now - 3_600_000).eventsPerSecond(1).malformedFraction(0.2)
                .violationFraction(0.2).maxFutureSkewMillis(DecoderSettings.DEFAULT_MAX_FUTURE_SKEW.toMillis()).build());
        for (long i = 0; i < 3_000; i++) {
            GeneratedEvent g = generator.generate(i);
            DecodedRecord r = decoder.decode(g.payload(), RecordOrigin.generator(i), now, now);
            if (g.kind() == GeneratedEvent.Kind.MALFORMED) {
                assertThat(r.isAccepted()).as("index %d should be %s", i, g.expectedDeadLetterReason()).isFalse();
                assertThat(r.deadLetter.reason).as("index %d: %s", i, r.deadLetter.error)
                        .isEqualTo(g.expectedDeadLetterReason());
            } else {
                assertThat(r.isAccepted()).as("index %d: %s", i, r.deadLetter == null ? "" : r.deadLetter.error).isTrue();
                assertThat(r.event.country).isEqualTo(g.country());
                assertThat(r.event.type.code()).isEqualTo(g.type());
            }
        }
    }

    @Test
    void theBundledSampleMatchesItsManifest() throws Exception {
        byte[] file = Files.readAllBytes(Path.of("../config/samples/events.jsonl"));
        JsonNode manifest = new ObjectMapper().readTree(Path.of("../config/samples/events.manifest.json").toFile());
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                lines.add(Arrays.copyOfRange(file, start, i));
                start = i + 1;
            }
        }
        if (start < file.length) {
            lines.add(Arrays.copyOfRange(file, start, file.length));
        }
        assertThat(lines).hasSize(manifest.get("lines").size());
        long now = System.currentTimeMillis();
        for (int i = 0; i < lines.size(); i++) {
            String expected = manifest.get("lines").get(i).asText();
            DecodedRecord r = decoder.decode(lines.get(i), RecordOrigin.file("events.jsonl", i + 1), now, now);
            if (expected.startsWith("malformed:")) {
                assertThat(r.isAccepted()).as("line %d", i + 1).isFalse();
                assertThat("malformed:" + r.deadLetter.reason).as("line %d", i + 1).isEqualTo(expected);
            } else {
                assertThat(r.isAccepted()).as("line %d: %s", i + 1, r.deadLetter == null ? "" : r.deadLetter.error).isTrue();
            }
        }
    }
}
