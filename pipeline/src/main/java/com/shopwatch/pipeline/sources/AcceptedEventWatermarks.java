package com.shopwatch.pipeline.sources;

import com.shopwatch.decode.DecodedPayload;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded-out-of-orderness watermarks driven only by accepted records (events, decisions): a dead letter's time is
 * an arrival time, not an event time, and must not move event time forward.
 */
public final class AcceptedEventWatermarks<T extends DecodedPayload> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMillis;
    private long maxTimestamp;

    public AcceptedEventWatermarks(Duration maxOutOfOrderness) {
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    /** Timestamps from the decoded record; idle splits stop holding back the watermark. */
    public static <T extends DecodedPayload> WatermarkStrategy<T> strategy(Duration maxOutOfOrderness, Duration idleness) {
        WatermarkStrategy<T> s = WatermarkStrategy.<T>forGenerator(ctx -> new AcceptedEventWatermarks<>(maxOutOfOrderness))
                .withTimestampAssigner((record, previous) -> record.streamTime());
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    @Override
    public void onEvent(T record, long timestamp, WatermarkOutput output) {
        if (record.isAccepted()) {
            maxTimestamp = Math.max(maxTimestamp, timestamp);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
    }
}
