package com.shopwatch.pipeline.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {
    private final EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());

    private DecodedRecord decode(String json) {
        long now = System.currentTimeMillis();
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), RecordOrigin.file("t.jsonl", 1), now, now);
    }

    @Test
    void acceptedEventsGoDownstreamAndDeadLettersToTheSideOutput() throws Exception {
        OneInputStreamOperatorTestHarness<DecodedRecord, com.shopwatch.model.CommerceEvent> h =
                ProcessFunctionTestHarnesses.forProcessFunction(DeadLetterRouter.events());
        String ok = "{\"event_id\":\"e1\",\"type\":\"video\",\"action\":\"published\",\"event_time\":\"2026-01-01T00:00:00Z\","
                + "\"video_id\":\"V1\",\"creator_id\":\"C1\",\"country\":\"JP\"}";
        h.processElement(decode(ok), 1L);
        h.processElement(decode("not json"), 2L);
        h.processElement(decode("[]"), 3L);
        assertThat(h.extractOutputValues()).extracting(e -> e.itemId).containsExactly("V1");
        assertThat(h.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(r -> r.getValue().reason)
                .containsExactly("not_json", "not_object");
    }
}
