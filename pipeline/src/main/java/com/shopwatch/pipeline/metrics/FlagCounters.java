package com.shopwatch.pipeline.metrics;

import com.shopwatch.model.ReviewFlag;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Flink counters of flags per source × rule (or detector) × country × mode, each registered once
 * on first use. Cardinality is bounded by the policy (rules × countries) and, against a runaway
 * (say, a policy with thousands of generated rule ids), capped: later series count under
 * {@code rule="other"}. With the Prometheus reporter each is a labelled series of
 * {@code flink_taskmanager_job_task_operator_shopwatch_source_rule_country_mode_flags}.
 */
final class FlagCounters {
    static final int MAX_SERIES = 2_000;

    private final MetricGroup group;
    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, Counter> overflow = new HashMap<>();

    FlagCounters(MetricGroup shopwatchGroup) {
        this.group = shopwatchGroup;
    }

    void count(ReviewFlag f) {
        String key = f.source + '|' + f.ruleId + '|' + f.country + '|' + f.mode;
        Counter c = counters.get(key);
        if (c == null) {
            if (counters.size() < MAX_SERIES) {
                c = register(f.source, f.ruleId, f.country, f.mode);
                counters.put(key, c);
            } else {
                c = overflow.computeIfAbsent(f.source + '|' + f.mode, k -> register(f.source, "other", "other", f.mode));
            }
        }
        c.inc();
    }

    private Counter register(String source, String rule, String country, String mode) {
        return group.addGroup("source", String.valueOf(source))
                .addGroup("rule", String.valueOf(rule))
                .addGroup("country", String.valueOf(country))
                .addGroup("mode", String.valueOf(mode))
                .counter("flags");
    }

    int series() {
        return counters.size() + overflow.size();
    }
}
