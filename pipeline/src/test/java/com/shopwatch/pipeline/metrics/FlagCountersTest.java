package com.shopwatch.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ReviewFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class FlagCountersTest {
    /** A metric group that records where each counter was registered: {@code source=rule/rule=x/.../flags}. */
    static final class RecordingGroup extends UnregisteredMetricsGroup {
        final Map<String, SimpleCounter> counters;
        final String path;

        RecordingGroup(Map<String, SimpleCounter> counters, String path) {
            this.counters = counters;
            this.path = path;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new RecordingGroup(counters, path + key + "=" + value + "/");
        }

        @Override
        public Counter counter(String name) {
            SimpleCounter c = new SimpleCounter();
            if (counters.putIfAbsent(path + name, c) != null) {
                throw new AssertionError("registered twice: " + path + name);
            }
            return c;
        }
    }

    private static ReviewFlag flag(String source, String rule, String country, String mode) {
        ReviewFlag f = new ReviewFlag();
        f.source = source;
        f.ruleId = rule;
        f.country = country;
        f.mode = mode;
        return f;
    }

    @Test
    void oneCounterPerSeriesRegisteredOnceAndCounted() {
        Map<String, SimpleCounter> registered = new TreeMap<>();
        FlagCounters counters = new FlagCounters(new RecordingGroup(registered, ""));
        counters.count(flag("rule", "vape-prohibited", "SG", "enforce"));
        counters.count(flag("rule", "vape-prohibited", "SG", "enforce"));
        counters.count(flag("rule", "vape-prohibited", "TH", "shadow"));
        counters.count(flag("detector", "seller_velocity", "SG", "enforce"));
        assertThat(registered.keySet()).containsExactly(
                "source=detector/rule=seller_velocity/country=SG/mode=enforce/flags",
                "source=rule/rule=vape-prohibited/country=SG/mode=enforce/flags",
                "source=rule/rule=vape-prohibited/country=TH/mode=shadow/flags");
        assertThat(registered.get("source=rule/rule=vape-prohibited/country=SG/mode=enforce/flags").getCount()).isEqualTo(2);
    }

    @Test
    void cardinalityIsCapped() {
        Map<String, SimpleCounter> registered = new TreeMap<>();
        FlagCounters counters = new FlagCounters(new RecordingGroup(registered, ""));
        List<ReviewFlag> flags = new ArrayList<>();
        for (int i = 0; i < FlagCounters.MAX_SERIES + 50; i++) {
            flags.add(flag("rule", "generated-" + i, "SG", "enforce"));
        }
        flags.forEach(counters::count);
        assertThat(counters.series()).isEqualTo(FlagCounters.MAX_SERIES + 1);
        assertThat(registered.get("source=rule/rule=other/country=other/mode=enforce/flags").getCount()).isEqualTo(50);
    }
}
