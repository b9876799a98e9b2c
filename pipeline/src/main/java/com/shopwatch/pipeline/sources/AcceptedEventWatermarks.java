package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded-out-of-orderness watermarks driven only by accepted events: a dead letter's time is
 * an arrival time, not an event time, and must not move event time forward.
 */
public final class AcceptedEventWatermarks implements WatermarkGenerator<DecodedRecord> {
    private final long outOfOrdernessMillis;
    private long maxTimestamp;

    public AcceptedEventWatermarks(Duration maxOutOfOrderness) {
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    /** Timestamps from the decoded record; idle splits stop holding back the watermark. */
    public static WatermarkStrategy<DecodedRecord> strategy(Duration maxOutOfOrderness, Duration idleness) {
        WatermarkStrategy<DecodedRecord> s = WatermarkStrategy.<DecodedRecord>forGenerator(
                        ctx -> new AcceptedEventWatermarks(maxOutOfOrderness))
                .withTimestampAssigner((record, previous) -> record.timestamp);
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    @Override
    public void onEvent(DecodedRecord record, long timestamp, WatermarkOutput output) {
        if (record.isAccepted()) {
            maxTimestamp = Math.max(maxTimestamp, timestamp);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
    }
}
