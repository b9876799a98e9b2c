package com.shopwatch.pipeline.operators;

import com.shopwatch.decode.DeadLetter;
import com.shopwatch.decode.DeadLetterReason;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.event.CommerceEvent;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded records: accepted events continue down the main stream, dead letters go to a
 * side output for the dead-letter sink. Counts both in Flink metrics, dead letters per reason.
 */
public final class DeadLetterRouter extends ProcessFunction<DecodedRecord, CommerceEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter accepted;
    private transient Map<DeadLetterReason, Counter> deadLettersByReason;
    private transient Counter deadLettersOther;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("shopwatch");
        accepted = group.counter("eventsAccepted");
        deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
        // Registered once per reason: a bounded, known set of series.
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettersByReason.put(reason, group.addGroup("reason", reason.code()).counter("deadLetters"));
        }
        deadLettersOther = group.addGroup("reason", "other").counter("deadLetters");
    }

    @Override
    public void processElement(DecodedRecord record, Context ctx, Collector<CommerceEvent> out) {
        if (record.isAccepted()) {
            accepted.inc();
            out.collect(record.event);
        } else {
            counterFor(record.deadLetter.reason).inc();
            ctx.output(DEAD_LETTERS, record.deadLetter);
        }
    }

    private Counter counterFor(String code) {
        for (Map.Entry<DeadLetterReason, Counter> e : deadLettersByReason.entrySet()) {
            if (e.getKey().code().equals(code)) {
                return e.getValue();
            }
        }
        return deadLettersOther;
    }
}
