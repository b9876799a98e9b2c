package com.shopwatch.pipeline.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A paced run's events are stamped as they are emitted, not when the job was built. */
class GeneratedEventDecoderTest {
    private static final long STARTUP = 60_000; // as if the job took a minute from build to first event

    private static List<Long> eventTimes(boolean stampAtEmission, long builtAt) {
        SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(3).startTimeMillis(builtAt)
                .eventsPerSecond(10).malformedFraction(0).build());
        GeneratedEventDecoder d = new GeneratedEventDecoder(g, new EventDecoder(DecoderSettings.defaults()), stampAtEmission);
        List<Long> times = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            DecodedRecord r = d.map(i);
            if (r.isAccepted()) {
                times.add(r.event.eventTime);
            }
        }
        times.sort(null);
        return times;
    }

    @Test
    void pacedEventsFollowTheWallClockFromTheFirstEmittedEvent() {
        long now = System.currentTimeMillis();
        List<Long> times = eventTimes(true, now - STARTUP);
        long median = times.get(times.size() / 2);
        // 40 events at 10/s span 4 s from now; the generator's out-of-order jitter is seconds, not a minute.
        assertThat(median).isBetween(now - 10_000, now + 14_000);
    }

    @Test
    void aPacedSourceThatFallsBehindItsRateStillStampsEachEventNow() {
        long builtAt = System.currentTimeMillis();
        SyntheticEventGenerator g = new SyntheticEventGenerator(GeneratorSettings.builder().seed(3).startTimeMillis(builtAt)
                .eventsPerSecond(10).malformedFraction(0).build());
        GeneratedEventDecoder d = new GeneratedEventDecoder(g, new EventDecoder(DecoderSettings.defaults()), true);
        // indices an hour apart on the schedule, emitted back to back (as after a stall): times follow the
        // wall clock, less each event's own out-of-order jitter, not the schedule
        int accepted = 0;
        for (long i = 0; i < 200_000; i += 36_000) {
            long before = System.currentTimeMillis();
            DecodedRecord r = d.map(i);
            long after = System.currentTimeMillis();
            if (r.isAccepted()) {
                accepted++;
                assertThat(r.event.eventTime).isBetween(before - g.settings().maxOutOfOrderMillis(), after);
                assertThat(r.event.ingestionTime).isBetween(before, after);
            }
        }
        assertThat(accepted).isGreaterThan(2);
    }

    @Test
    void boundedRunsKeepTheConfiguredClock() {
        long now = System.currentTimeMillis();
        List<Long> times = eventTimes(false, now - STARTUP);
        long median = times.get(times.size() / 2);
        assertThat(median).isBetween(now - STARTUP - 10_000, now - STARTUP + 14_000);
    }
}
