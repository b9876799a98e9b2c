package com.shopwatch.backtest;

import com.shopwatch.model.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code backtest.json} (schema: config/schemas/backtest.schema.json): what a candidate policy set
 * changes against a baseline over the same history. Deterministic: the same history and packs
 * give the same bytes, so it holds no wall-clock time.
 */
public class BacktestReport {
    public int schemaVersion = 1;
    public Events events = new Events();
    public Policies policies = new Policies();
    /** True when labels or decisions were given: rows then carry precision and recall. */
    public boolean labelled;
    /** One row per rule or detector × country × mode that flagged anything on either side. */
    public List<RuleRow> rules = new ArrayList<>();
    public Items items = new Items();

    public static class Events {
        /** Lines of history read (records, good or bad). */
        public long read;
        public long accepted;
        /** Dead letters by reason, as the job wrote them. */
        public Map<String, Long> deadLetters = new TreeMap<>();
    }

    public static class Policies {
        public String baseline;
        public String candidate;
    }

    public static class RuleRow {
        public String ruleId;
        public String country;
        /** enforce or shadow (after the flood breaker). */
        public String mode;
        /** rule or detector. */
        public String source;
        /** Distinct items flagged. */
        public long baselineItems;
        public long candidateItems;
        public long baselineFlags;
        public long candidateFlags;
        public long newlyFlagged;
        public long noLongerFlagged;
        /** True when the two sides flag different items or a different number of times. */
        public boolean changed;
        public List<Sample> newlyFlaggedSamples = new ArrayList<>();
        public List<Sample> noLongerFlaggedSamples = new ArrayList<>();
        /** With labels: share of the labelled items flagged that are violating; null when none is labelled. */
        public Double baselinePrecision;
        public Double candidatePrecision;
        /** With labels: share of the items labelled violating this rule in this country that are flagged. */
        public Double baselineRecall;
        public Double candidateRecall;
        /** With labels: how many flagged items had a label, per side. */
        public Long baselineLabelled;
        public Long candidateLabelled;
    }

    /** An item that one side flags and the other does not, with what the moderator would see. */
    public static class Sample {
        public String itemType;
        public String itemId;
        /** The title (listings) or caption (videos), as in the history. */
        public String text;
        public Evidence[] evidence;
    }

    public static class Items {
        /** Distinct items with an enforce-mode flag. */
        public long baselineFlagged;
        public long candidateFlagged;
        public long newlyFlagged;
        public long noLongerFlagged;
        public Map<String, CountryTotals> byCountry = new TreeMap<>();
    }

    public static class CountryTotals {
        public long baselineFlagged;
        public long candidateFlagged;
        public long newlyFlagged;
        public long noLongerFlagged;
        /** Distinct review tasks (task ids) and escalations. */
        public long baselineTasks;
        public long candidateTasks;
        public long baselineEscalations;
        public long candidateEscalations;
    }
}
