package com.shopwatch.pipeline.sources;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.decode.DecodedPayload;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.decode.DecodedDecision;
import com.shopwatch.model.ModeratorDecision;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Splits decoded records: accepted ones (events, moderator decisions) continue down the main
 * stream, dead letters go to a side output for the dead-letter sink. Counts both in Flink
 * metrics, dead letters per reason.
 */
public final class DeadLetterRouter<IN extends DecodedPayload, OUT> extends ProcessFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final String acceptedCounter;
    private final SerializableFunction<IN, OUT> accepted;
    private final SerializableFunction<IN, DeadLetter> rejected;
    private transient Counter acceptedCount;
    private transient Map<DeadLetterReason, Counter> deadLettersByReason;
    private transient Counter deadLettersOther;
    /** Records routed, as a job accumulator: what a backtest's progress line reads while the job runs. */
    private transient org.apache.flink.api.common.accumulators.LongCounter records;

    /** The accumulator of records routed by the event router. */
    public static final String RECORDS_ACCUMULATOR = "shopwatch-event-records";

    private DeadLetterRouter(String acceptedCounter, SerializableFunction<IN, OUT> accepted,
            SerializableFunction<IN, DeadLetter> rejected) {
        this.acceptedCounter = acceptedCounter;
        this.accepted = accepted;
        this.rejected = rejected;
    }

    public static DeadLetterRouter<DecodedRecord, CommerceEvent> events() {
        return new DeadLetterRouter<>("eventsAccepted", r -> r.event, r -> r.deadLetter);
    }

    public static DeadLetterRouter<DecodedDecision, ModeratorDecision> decisions() {
        return new DeadLetterRouter<>("decisionsAccepted", d -> d.decision, d -> d.deadLetter);
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("shopwatch");
        acceptedCount = group.counter(acceptedCounter);
        deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
        // Registered once per reason: a bounded, known set of series.
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettersByReason.put(reason, group.addGroup("reason", reason.code()).counter("deadLetters"));
        }
        deadLettersOther = group.addGroup("reason", "other").counter("deadLetters");
        if (acceptedCounter.equals("eventsAccepted")) {
            records = getRuntimeContext().getLongCounter(RECORDS_ACCUMULATOR);
        }
    }

    @Override
    public void processElement(IN record, Context ctx, Collector<OUT> out) {
        if (records != null) {
            records.add(1L);
        }
        if (record.isAccepted()) {
            acceptedCount.inc();
            out.collect(accepted.apply(record));
        } else {
            DeadLetter d = rejected.apply(record);
            counterFor(d.reason).inc();
            ctx.output(DEAD_LETTERS, d);
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
