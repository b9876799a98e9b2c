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
     * Each open window's counts, per country, in memory: the durable copy is union operator state
     * written at each checkpoint ({@link OpenWindowCounts}), not a RocksDB write per term and
     * event. A window restored from a checkpoint of an earlier version, which kept the counts in
     * keyed state ({@code term-counts}), is not complete here: its counts are read from there.
     */
    private transient Map<String, Map<Long, OpenWindow>> open;
    private transient org.apache.flink.api.common.state.ListState<OpenWindowCounts> openCheckpointed;
    /**
     * Each country's baseline as this subtask last wrote it: closing a window reads every baseline
     * term, which from RocksDB is an iteration and a read per window term. Keyed state stays the
     * durable copy, rewritten whole at each close; after a (re)start, or once the copy is old
     * enough that state TTL may have expired entries behind it, the baseline is read from state.
     */
    private transient Map<String, BaselineCopy> baselines;

    /** A country's baseline terms as written at {@code writtenAt} (processing time, as state TTL counts). */
    private record BaselineCopy(Map<String, Double> terms, long writtenAt) {}

    /** The counts of one open window. */
    private static final class OpenWindow {
        final Map<String, Long> counts = new HashMap<>();
        final boolean complete;
        int distinct;

        OpenWindow(boolean complete, int distinct) {
            this.complete = complete;
            this.distinct = distinct;
        }
    }

    /** One open window of a country as checkpointed: its terms and their counts. */
    public static final class OpenWindowCounts {
        public String country;
        public long window;
        public int distinct;
        public String[] terms;
        public long[] counts;

        public OpenWindowCounts() {
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
    }

    @Override
    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext context) throws Exception {
        super.initializeState(context);
        openCheckpointed = context.getOperatorStateStore().getUnionListState(
                new org.apache.flink.api.common.state.ListStateDescriptor<>("term-counts-open",
                        org.apache.flink.api.common.typeinfo.TypeInformation.of(OpenWindowCounts.class)));
        open = new HashMap<>();
        baselines = new HashMap<>();
        if (context.isRestored()) {
            for (OpenWindowCounts c : openCheckpointed.get()) {
                if (!keyLivesHere(c.country)) {
                    continue;
                }
                OpenWindow w = new OpenWindow(true, c.distinct);
                for (int i = 0; i < c.terms.length; i++) {
                    w.counts.put(c.terms[i], c.counts[i]);
                }
                open.computeIfAbsent(c.country, k -> new HashMap<>()).put(c.window, w);
            }
        }
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<OpenWindowCounts> all = new ArrayList<>();
        for (Map.Entry<String, Map<Long, OpenWindow>> country : open.entrySet()) {
            for (Map.Entry<Long, OpenWindow> w : country.getValue().entrySet()) {
                if (!w.getValue().complete) {
                    continue; // its counts are in keyed state, written as they come
                }
                OpenWindowCounts c = new OpenWindowCounts();
                c.country = country.getKey();
                c.window = w.getKey();
                c.distinct = w.getValue().distinct;
                c.terms = new String[w.getValue().counts.size()];
                c.counts = new long[c.terms.length];
                int i = 0;
                for (Map.Entry<String, Long> t : w.getValue().counts.entrySet()) {
                    c.terms[i] = t.getKey();
                    c.counts[i++] = t.getValue();
                }
                all.add(c);
            }
        }
        openCheckpointed.update(all);
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
                windowTerms.put(window, 0); // the window's marker: its timer, and its closing, find it by it
                Long first = firstWindow.value();
                if (first == null || window < first) {
                    firstWindow.update(window);
                }
                // The window closes (trends, baseline update) once the lateness bound has passed too.
                ctx.timerService().registerEventTimeTimer(window + s.windowMs() - 1 + allowedLatenessMs);
            }
        }
        if (w.complete) {
            for (String term : terms) {
                Long c = w.counts.get(term);
                if (c != null) {
                    w.counts.put(term, c + 1);
                } else if (w.distinct < s.maxTerms()) {
                    w.counts.put(term, 1L);
                    w.distinct++;
                }
            }
            return;
        }
        // a window opened before a restore of the earlier layout: its counts live in keyed state
        String prefix = window + "|";
        for (String term : terms) {
            Long c = w.counts.get(term);
            if (c == null) {
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
        boolean keyedCounts = cached == null || !cached.complete;
        if (!keyedCounts) {
            windowCounts = cached.counts;
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
        Map<String, Double> current = baselineOf(country);
        Map<String, Double> references = new HashMap<>();
        for (String term : windowCounts.keySet()) {
            Double stored = current.get(term);
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
        for (Map.Entry<String, Double> b : current.entrySet()) {
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
        // every term of the baseline read was forgotten or rewritten: state now holds exactly these
        baselines.put(country, new BaselineCopy(updated, System.currentTimeMillis()));
        if (last == null || window > last) {
            lastClosedWindow.update(window);
        }
        // Empty maps are dropped outright, so a quiet country keeps only its two window markers.
        if (keyedCounts && counts.isEmpty()) {
            counts.clear();
        }
        if (windowTerms.isEmpty()) {
            windowTerms.clear();
        }
        if (updated.isEmpty()) {
            baseline.clear();
        }
    }

    /** The country's baseline terms: this subtask's copy while it is surely current, else read from state. */
    private Map<String, Double> baselineOf(String country) throws Exception {
        BaselineCopy copy = baselines.get(country);
        if (copy != null && System.currentTimeMillis() - copy.writtenAt() < stateTtl.toMillis() / 2) {
            return copy.terms();
        }
        baselines.remove(country);
        Map<String, Double> terms = new HashMap<>();
        for (Map.Entry<String, Double> b : baseline.entries()) {
            terms.put(b.getKey(), b.getValue());
        }
        return terms;
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
