package com.shopwatch.pipeline.detectors;

import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.detect.TermExtractor;
import com.shopwatch.detect.TermTrends;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Per country, terms whose count (events mentioning them) in a tumbling event-time window jumps
 * far above their baseline: a new abuse wave shows before a rule exists. Emits {@code trend}
 * records to the metrics stream, not flags. Keyed by country.
 *
 * <p>Bounded memory: each open window counts at most {@code max_terms} distinct terms (the rest
 * are skipped, and events keep at most {@value TermExtractor#MAX_TERMS_PER_EVENT} terms); the
 * baseline keeps only terms seen at least twice in a window, and forgets them as their
 * weighted mean decays. A window closes when the watermark passes its end plus the allowed
 * lateness, so late events within the bound are still counted.
 */
public final class EmergingTermDetector extends PolicyAwareDetector<MetricsRecord> {
    private static final long serialVersionUID = 1L;
    public static final String TREND = "trend";
    /** A baseline this small is as good as unseen: the term is forgotten. */
    static final double FORGET_BELOW = 0.05;

    /** {@code windowStart|term} → events mentioning the term in that window. */
    private transient MapState<String, Long> counts;
    /** Window start → distinct terms counted (the memory bound). */
    private transient MapState<Long, Integer> windowTerms;
    private transient MapState<String, Double> baseline;
    private transient ValueState<Long> firstWindow;
    private transient ValueState<Long> lastClosedWindow;
    /**
     * A write-through copy of each open window's counts, per country: the state stays the durable
     * copy (every count is written as before), but a term's count is read from here instead of
     * from RocksDB, and a closing window is read from here instead of by scanning every count of
     * the country. Only windows this instance saw from their first event are complete here; a
     * window opened before a restore is read from state.
     */
    private transient Map<String, Map<Long, OpenWindow>> open;

    /** The counts of one open window, as in state. */
    private static final class OpenWindow {
        final Map<String, Long> counts = new HashMap<>();
        final boolean complete;
        int distinct;

        OpenWindow(boolean complete, int distinct) {
            this.complete = complete;
            this.distinct = distinct;
        }
    }

    public EmergingTermDetector(Map<String, String> defaultPacks, Duration allowedLateness, Duration stateTtl) {
        super(DetectorKind.EMERGING_TERMS, defaultPacks, allowedLateness, stateTtl);
    }

    /** Events with new content: created/updated listings, published/updated videos. */
    public static boolean counts(CommerceEvent e) {
        return e.action == EventAction.CREATED || e.action == EventAction.UPDATED || e.action == EventAction.PUBLISHED;
    }

    public static String key(CommerceEvent e) {
        return e.country;
    }

    @Override
    protected void openState() {
        MapStateDescriptor<String, Long> c = new MapStateDescriptor<>("term-counts", Types.STRING, Types.LONG);
        c.enableTimeToLive(ttl());
        counts = getRuntimeContext().getMapState(c);
        MapStateDescriptor<Long, Integer> w = new MapStateDescriptor<>("window-terms", Types.LONG, Types.INT);
        w.enableTimeToLive(ttl());
        windowTerms = getRuntimeContext().getMapState(w);
        MapStateDescriptor<String, Double> b = new MapStateDescriptor<>("term-baseline", Types.STRING, Types.DOUBLE);
        b.enableTimeToLive(ttl());
        baseline = getRuntimeContext().getMapState(b);
        ValueStateDescriptor<Long> f = new ValueStateDescriptor<>("first-window", Types.LONG);
        f.enableTimeToLive(ttl());
        firstWindow = getRuntimeContext().getState(f);
        ValueStateDescriptor<Long> l = new ValueStateDescriptor<>("last-closed-window", Types.LONG);
        l.enableTimeToLive(ttl());
        lastClosedWindow = getRuntimeContext().getState(l);
        open = new HashMap<>();
    }

    @Override
    public void processElement(CommerceEvent e, ReadOnlyContext ctx, Collector<MetricsRecord> out) throws Exception {
        DetectorSettings.EmergingTerms s = policy(ctx.getBroadcastState(PolicyBroadcast.PACKS), e.country)
                .detectors().emergingTerms();
        long window = Math.floorDiv(e.eventTime, s.windowMs()) * s.windowMs();
        // The window's closing timer fires when the watermark reaches closesAt.
        if (late(e, ctx, window + s.windowMs() - 2 + allowedLatenessMs) || !s.enabled()) {
            return;
        }
        Set<String> terms = TermExtractor.terms(e);
        if (terms.isEmpty()) {
            return;
        }
        Map<Long, OpenWindow> windows = open.computeIfAbsent(e.country, c -> new HashMap<>());
        OpenWindow w = windows.get(window);
        if (w == null) {
            Integer distinct = windowTerms.get(window);
            w = new OpenWindow(distinct == null, distinct == null ? 0 : distinct);
            windows.put(window, w);
            if (distinct == null) {
                Long first = firstWindow.value();
                if (first == null || window < first) {
                    firstWindow.update(window);
                }
                // The window closes (trends, baseline update) once the lateness bound has passed too.
                ctx.timerService().registerEventTimeTimer(window + s.windowMs() - 1 + allowedLatenessMs);
            }
        }
        String prefix = window + "|";
        for (String term : terms) {
            Long c = w.counts.get(term);
            if (c == null && !w.complete) {
                c = counts.get(prefix + term);
            }
            if (c != null) {
                w.counts.put(term, c + 1);
                counts.put(prefix + term, c + 1);
            } else if (w.distinct < s.maxTerms()) {
                w.counts.put(term, 1L);
                counts.put(prefix + term, 1L);
                w.distinct++;
            }
        }
        windowTerms.put(window, w.distinct);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricsRecord> out) throws Exception {
        String country = ctx.getCurrentKey();
        DetectorSettings.EmergingTerms s = policy(ctx.getBroadcastState(PolicyBroadcast.PACKS), country)
                .detectors().emergingTerms();
        // Which window this timer closes: the one whose end + lateness it was set for (windows
        // are found by their stored starts, so a window size changed by a policy push still closes).
        List<Long> closing = new ArrayList<>();
        for (Long start : windowTerms.keys()) {
            if (start < timestamp - allowedLatenessMs) {
                closing.add(start);
            }
        }
        closing.sort(null);
        for (Long start : closing) {
            close(start, timestamp, s, country, out);
        }
    }

    private void close(long window, long timer, DetectorSettings.EmergingTerms s, String country,
            Collector<MetricsRecord> out) throws Exception {
        long windowMs = timer + 1 - allowedLatenessMs - window;
        if (windowMs <= 0) {
            windowMs = s.windowMs();
        }
        String prefix = window + "|";
        Map<Long, OpenWindow> windows = open.get(country);
        OpenWindow cached = windows == null ? null : windows.remove(window);
        if (windows != null && windows.isEmpty()) {
            open.remove(country);
        }
        Map<String, Long> windowCounts;
        if (cached != null && cached.complete) {
            windowCounts = cached.counts;
            for (String term : windowCounts.keySet()) {
                counts.remove(prefix + term);
            }
        } else {
            windowCounts = new HashMap<>();
            List<String> keys = new ArrayList<>();
            for (Map.Entry<String, Long> c : counts.entries()) {
                if (c.getKey().startsWith(prefix)) {
                    windowCounts.put(c.getKey().substring(prefix.length()), c.getValue());
                    keys.add(c.getKey());
                }
            }
            for (String k : keys) {
                counts.remove(k);
            }
        }
        windowTerms.remove(window);

        Long last = lastClosedWindow.value();
        long gap = last == null ? 1 : Math.max(1, (window - last) / windowMs);
        Map<String, Double> references = new HashMap<>();
        for (String term : windowCounts.keySet()) {
            Double stored = baseline.get(term);
            if (stored != null) {
                references.put(term, TermTrends.reference(stored, s.baselineAlpha(), gap));
            }
        }
        Long first = firstWindow.value();
        long history = first == null ? 0 : (window - first) / windowMs;
        for (TermTrends.Trend t : TermTrends.select(windowCounts, references, s, history)) {
            out.collect(fired(trend(country, window, windowMs, t)));
        }

        // Move every baseline one window on (decaying the terms this window lacks), then admit
        // the window's repeated terms.
        List<String> forget = new ArrayList<>();
        Map<String, Double> updated = new HashMap<>();
        for (Map.Entry<String, Double> b : baseline.entries()) {
            double next = TermTrends.nextBaseline(b.getValue(), windowCounts.getOrDefault(b.getKey(), 0L), s.baselineAlpha(), gap);
            if (next < FORGET_BELOW) {
                forget.add(b.getKey());
            } else {
                updated.put(b.getKey(), next);
            }
        }
        for (Map.Entry<String, Long> c : windowCounts.entrySet()) {
            if (c.getValue() >= 2 && !updated.containsKey(c.getKey()) && !forget.contains(c.getKey())) {
                updated.put(c.getKey(), TermTrends.nextBaseline(0.0, c.getValue(), s.baselineAlpha(), 1));
            }
        }
        for (String term : forget) {
            baseline.remove(term);
        }
        baseline.putAll(updated);
        if (last == null || window > last) {
            lastClosedWindow.update(window);
        }
        // Empty maps are dropped outright, so a quiet country keeps only its two window markers.
        if (counts.isEmpty()) {
            counts.clear();
        }
        if (windowTerms.isEmpty()) {
            windowTerms.clear();
        }
        if (baseline.isEmpty()) {
            baseline.clear();
        }
    }

    private static MetricsRecord trend(String country, long window, long windowMs, TermTrends.Trend t) {
        MetricsRecord r = new MetricsRecord();
        r.kind = TREND;
        r.detector = DetectorKind.EMERGING_TERMS.code();
        r.windowStartMs = window;
        r.windowStart = Instant.ofEpochMilli(window).toString();
        r.windowEnd = Instant.ofEpochMilli(window + windowMs).toString();
        r.country = country;
        r.term = t.term();
        r.termCount = t.count();
        r.baseline = Math.round(t.baseline() * 100) / 100.0;
        r.lift = Math.round(t.lift() * 100) / 100.0;
        return r;
    }
}
