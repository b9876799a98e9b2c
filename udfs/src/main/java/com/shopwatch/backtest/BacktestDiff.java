package com.shopwatch.backtest;

import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.Escalation;
import com.shopwatch.review.ReviewTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the outputs of two runs of the job over the same history, one per policy set, into a
 * {@link BacktestReport}. Pure: everything is sorted, so the report depends on the outputs' content
 * and not on the order the job wrote them in.
 */
public final class BacktestDiff {
    /** Sample items per row and direction. */
    public static final int SAMPLES = 20;

    private BacktestDiff() {}

    /** What the history says of an item: its country, type and text (title or caption). */
    public record ItemInfo(String itemType, String country, String text) {}

    /** Row key: rule or detector × country × mode (and its source). */
    private record RowKey(String country, String ruleId, String mode, String source) implements Comparable<RowKey> {
        private static final Comparator<RowKey> ORDER = Comparator.comparing(RowKey::country)
                .thenComparing(RowKey::ruleId).thenComparing(RowKey::mode).thenComparing(RowKey::source);

        @Override
        public int compareTo(RowKey o) {
            return ORDER.compare(this, o);
        }
    }

    /** Per row and side: the first flag of each item (for its evidence) and the number of flags. */
    private static final class RowSide {
        final TreeMap<String, ReviewFlag> byItem = new TreeMap<>();
        long flags;
    }

    /**
     * Item ids whose texts and countries the report needs from the history: every item one side
     * flags and the other does not (its samples come from them), and every labelled item.
     */
    public static Set<String> itemsNeeded(BacktestSide baseline, BacktestSide candidate, ItemLabels labels) {
        Set<String> out = new TreeSet<>();
        Map<RowKey, RowSide[]> rows = rows(baseline, candidate);
        for (RowSide[] r : rows.values()) {
            addDifference(r[1], r[0], out);
            addDifference(r[0], r[1], out);
        }
        for (ItemLabel l : labels.all()) {
            out.add(l.itemId());
        }
        return out;
    }

    private static void addDifference(RowSide a, RowSide b, Set<String> out) {
        int n = 0;
        for (String item : a.byItem.keySet()) {
            if (!b.byItem.containsKey(item) && n++ < SAMPLES) {
                out.add(a.byItem.get(item).itemId);
            }
        }
    }

    public static BacktestReport compute(BacktestSide baseline, BacktestSide candidate, long read, long accepted,
            Map<String, ItemInfo> items, ItemLabels labels) {
        BacktestReport r = new BacktestReport();
        r.events.read = read;
        r.events.accepted = accepted;
        r.events.deadLetters = new TreeMap<>(baseline.deadLettersByReason());
        r.policies.baseline = baseline.policyVersion();
        r.policies.candidate = candidate.policyVersion();
        r.labelled = !labels.isEmpty();
        Map<String, Map<String, Long>> violatingByRuleCountry = violatingByRuleAndCountry(labels, items);
        for (Map.Entry<RowKey, RowSide[]> e : rows(baseline, candidate).entrySet()) {
            RowKey k = e.getKey();
            RowSide b = e.getValue()[0];
            RowSide c = e.getValue()[1];
            BacktestReport.RuleRow row = new BacktestReport.RuleRow();
            row.ruleId = k.ruleId();
            row.country = k.country();
            row.mode = k.mode();
            row.source = k.source();
            row.baselineItems = b.byItem.size();
            row.candidateItems = c.byItem.size();
            row.baselineFlags = b.flags;
            row.candidateFlags = c.flags;
            row.newlyFlagged = samples(c, b, items, row.newlyFlaggedSamples);
            row.noLongerFlagged = samples(b, c, items, row.noLongerFlaggedSamples);
            row.changed = row.newlyFlagged > 0 || row.noLongerFlagged > 0 || b.flags != c.flags;
            if (r.labelled) {
                long violating = violatingByRuleCountry.getOrDefault(k.ruleId(), Map.of()).getOrDefault(k.country(), 0L);
                label(b, k.ruleId(), labels, violating, true, row);
                label(c, k.ruleId(), labels, violating, false, row);
            }
            r.rules.add(row);
        }
        totals(baseline, candidate, r.items);
        return r;
    }

    private static Map<RowKey, RowSide[]> rows(BacktestSide baseline, BacktestSide candidate) {
        Map<RowKey, RowSide[]> rows = new TreeMap<>();
        add(baseline.flags(), 0, rows);
        add(candidate.flags(), 1, rows);
        return rows;
    }

    private static void add(List<ReviewFlag> flags, int side, Map<RowKey, RowSide[]> rows) {
        List<ReviewFlag> sorted = new ArrayList<>(flags);
        // the first flag of an item, in a fixed order, gives its evidence
        sorted.sort(Comparator.comparingLong((ReviewFlag f) -> f.eventTimeMs).thenComparing(f -> f.flagId));
        for (ReviewFlag f : sorted) {
            RowKey k = new RowKey(f.country, f.ruleId, f.mode, f.source);
            RowSide[] pair = rows.computeIfAbsent(k, x -> new RowSide[] {new RowSide(), new RowSide()});
            pair[side].flags++;
            pair[side].byItem.putIfAbsent(itemKey(f.itemType, f.itemId), f);
        }
    }

    static String itemKey(String type, String id) {
        return type + "|" + id;
    }

    /** Counts the items {@code a} flags and {@code b} does not; the first {@link #SAMPLES} go to {@code out}. */
    private static long samples(RowSide a, RowSide b, Map<String, ItemInfo> items, List<BacktestReport.Sample> out) {
        long n = 0;
        for (Map.Entry<String, ReviewFlag> e : a.byItem.entrySet()) {
            if (b.byItem.containsKey(e.getKey())) {
                continue;
            }
            if (n++ < SAMPLES) {
                ReviewFlag f = e.getValue();
                BacktestReport.Sample s = new BacktestReport.Sample();
                s.itemType = f.itemType;
                s.itemId = f.itemId;
                ItemInfo info = items.get(f.itemId);
                s.text = info == null ? null : info.text();
                s.evidence = f.evidence == null ? new Evidence[0] : f.evidence;
                out.add(s);
            }
        }
        return n;
    }

    private static Map<String, Map<String, Long>> violatingByRuleAndCountry(ItemLabels labels, Map<String, ItemInfo> items) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (ItemLabel l : labels.all()) {
            ItemInfo info = items.get(l.itemId());
            if (!l.violating() || info == null || info.country() == null) {
                continue;
            }
            for (String rule : l.ruleIds()) {
                out.computeIfAbsent(rule, x -> new TreeMap<>()).merge(info.country(), 1L, Long::sum);
            }
        }
        return out;
    }

    /**
     * Precision: of the flagged items with a label, the share labelled violating. Recall: of the
     * items labelled violating for this rule in this country, the share this side flags.
     */
    private static void label(RowSide side, String ruleId, ItemLabels labels, long violatingForRule, boolean baseline,
            BacktestReport.RuleRow row) {
        long labelled = 0;
        long correct = 0;
        long found = 0;
        for (ReviewFlag f : side.byItem.values()) {
            ItemLabel l = labels.get(f.itemId);
            if (l == null) {
                continue;
            }
            labelled++;
            if (l.violating()) {
                correct++;
                if (l.ruleIds().contains(ruleId)) {
                    found++;
                }
            }
        }
        Double precision = labelled == 0 ? null : round(correct / (double) labelled);
        Double recall = violatingForRule == 0 ? null : round(found / (double) violatingForRule);
        if (baseline) {
            row.baselineLabelled = labelled;
            row.baselinePrecision = precision;
            row.baselineRecall = recall;
        } else {
            row.candidateLabelled = labelled;
            row.candidatePrecision = precision;
            row.candidateRecall = recall;
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static void totals(BacktestSide baseline, BacktestSide candidate, BacktestReport.Items out) {
        Map<String, String> countryOf = new TreeMap<>();
        Set<String> b = enforcedItems(baseline.flags(), countryOf);
        Set<String> c = enforcedItems(candidate.flags(), countryOf);
        out.baselineFlagged = b.size();
        out.candidateFlagged = c.size();
        for (String item : b) {
            BacktestReport.CountryTotals t = out.byCountry.computeIfAbsent(countryOf.get(item), x -> new BacktestReport.CountryTotals());
            t.baselineFlagged++;
            if (!c.contains(item)) {
                out.noLongerFlagged++;
                t.noLongerFlagged++;
            }
        }
        for (String item : c) {
            BacktestReport.CountryTotals t = out.byCountry.computeIfAbsent(countryOf.get(item), x -> new BacktestReport.CountryTotals());
            t.candidateFlagged++;
            if (!b.contains(item)) {
                out.newlyFlagged++;
                t.newlyFlagged++;
            }
        }
        countTasks(baseline, out, true);
        countTasks(candidate, out, false);
    }

    private static Set<String> enforcedItems(List<ReviewFlag> flags, Map<String, String> countryOf) {
        Set<String> out = new TreeSet<>();
        for (ReviewFlag f : flags) {
            if ("enforce".equals(f.mode)) {
                String k = itemKey(f.itemType, f.itemId);
                out.add(k);
                countryOf.putIfAbsent(k, f.country);
            }
        }
        return out;
    }

    private static void countTasks(BacktestSide side, BacktestReport.Items out, boolean baseline) {
        Map<String, Set<String>> tasks = new TreeMap<>();
        for (ReviewTask t : side.tasks()) {
            tasks.computeIfAbsent(t.country, x -> new TreeSet<>()).add(t.taskId);
        }
        Map<String, Set<String>> escalations = new TreeMap<>();
        for (Escalation e : side.escalations()) {
            escalations.computeIfAbsent(e.country, x -> new TreeSet<>()).add(e.taskId);
        }
        Set<String> countries = new TreeSet<>(tasks.keySet());
        countries.addAll(escalations.keySet());
        for (String country : countries) {
            BacktestReport.CountryTotals t = out.byCountry.computeIfAbsent(country, x -> new BacktestReport.CountryTotals());
            long nTasks = tasks.getOrDefault(country, Set.of()).size();
            long nEsc = escalations.getOrDefault(country, Set.of()).size();
            if (baseline) {
                t.baselineTasks = nTasks;
                t.baselineEscalations = nEsc;
            } else {
                t.candidateTasks = nTasks;
                t.candidateEscalations = nEsc;
            }
        }
    }
}
