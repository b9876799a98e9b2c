package com.shopwatch.pipeline.metrics;

import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.output.JsonOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/** A pre-aggregator's harness feeding the metrics aggregator's, as the shuffle between them does. */
final class PreAggregatedFeed {
    private PreAggregatedFeed() {}

    /** Moves what the pre-aggregator emitted (records and watermarks, in order) into the aggregator. */
    static void feed(OneInputStreamOperatorTestHarness<?, MetricsContribution> from,
            KeyedOneInputStreamOperatorTestHarness<String, MetricsContribution, MetricsRecord> to) throws Exception {
        List<Object> out = new ArrayList<>(from.getOutput());
        from.getOutput().clear();
        for (Object o : out) {
            if (o instanceof Watermark w) {
                to.processWatermark(w);
            } else if (o instanceof StreamRecord<?> r) {
                @SuppressWarnings("unchecked")
                StreamRecord<MetricsContribution> c = (StreamRecord<MetricsContribution>) r;
                to.processElement(c);
            }
        }
    }

    /** The aggregator's records as sorted JSON lines: what two runs must agree on. */
    static List<String> json(List<MetricsRecord> records) throws Exception {
        List<String> lines = new ArrayList<>();
        for (MetricsRecord r : records) {
            lines.add(JsonOutput.mapper().writeValueAsString(r));
        }
        lines.sort(null);
        return lines;
    }
}
