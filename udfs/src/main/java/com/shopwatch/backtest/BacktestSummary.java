package com.shopwatch.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code summary.md}: a few lines a policy manager pastes into a change request. */
public final class BacktestSummary {
    private BacktestSummary() {}

    public static String markdown(BacktestReport r) {
        StringBuilder b = new StringBuilder();
        b.append("## Backtest: ").append(headline(r)).append("\n\n");
        b.append(String.format(Locale.ROOT, "- History: %,d records read, %,d accepted, %,d dead letters.%n",
                r.events.read, r.events.accepted, r.events.deadLetters.values().stream().mapToLong(Long::longValue).sum()));
        b.append("- Baseline: `").append(r.policies.baseline).append("`\n");
        b.append("- Candidate: `").append(r.policies.candidate).append("`\n");
        b.append(String.format(Locale.ROOT, "- Items with an enforced flag: %,d → %,d (%,d newly flagged, %,d no longer flagged).%n",
                r.items.baselineFlagged, r.items.candidateFlagged, r.items.newlyFlagged, r.items.noLongerFlagged));
        List<BacktestReport.RuleRow> changed = changedRows(r);
        if (changed.isEmpty()) {
            b.append("\nNo rule or detector flags differently.\n");
            return b.toString();
        }
        b.append("\n| country | rule | mode | items (baseline → candidate) | newly flagged | no longer flagged |");
        if (r.labelled) {
            b.append(" precision | recall |");
        }
        b.append("\n|---|---|---|---|---|---|").append(r.labelled ? "---|---|" : "").append('\n');
        for (BacktestReport.RuleRow row : changed) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d → %,d | %,d | %,d |", row.country, row.ruleId, row.mode,
                    row.baselineItems, row.candidateItems, row.newlyFlagged, row.noLongerFlagged));
            if (r.labelled) {
                b.append(' ').append(pair(row.baselinePrecision, row.candidatePrecision)).append(" | ")
                        .append(pair(row.baselineRecall, row.candidateRecall)).append(" |");
            }
            b.append('\n');
        }
        b.append("\nTasks and escalations per country (baseline → candidate): ");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, BacktestReport.CountryTotals> e : r.items.byCountry.entrySet()) {
            BacktestReport.CountryTotals t = e.getValue();
            if (t.baselineTasks != t.candidateTasks || t.baselineEscalations != t.candidateEscalations) {
                parts.add(String.format(Locale.ROOT, "%s %,d → %,d tasks, %,d → %,d escalations", e.getKey(),
                        t.baselineTasks, t.candidateTasks, t.baselineEscalations, t.candidateEscalations));
            }
        }
        b.append(parts.isEmpty() ? "unchanged." : String.join("; ", parts) + ".").append('\n');
        return b.toString();
    }

    /** What changes, where: e.g. "+120 items flagged in TH (vape-prohibited), −8 in MY". */
    public static String headline(BacktestReport r) {
        List<BacktestReport.RuleRow> changed = changedRows(r);
        if (changed.isEmpty()) {
            return "no change in what is flagged";
        }
        List<String> parts = new ArrayList<>();
        for (BacktestReport.RuleRow row : changed) {
            if (parts.size() == 4) {
                parts.add("and " + (changed.size() - 4) + " more rule × country changes");
                break;
            }
            StringBuilder p = new StringBuilder();
            if (row.newlyFlagged > 0) {
                p.append(String.format(Locale.ROOT, "+%,d", row.newlyFlagged));
            }
            if (row.noLongerFlagged > 0) {
                p.append(p.length() > 0 ? " / " : "").append(String.format(Locale.ROOT, "−%,d", row.noLongerFlagged));
            }
            if (p.length() == 0) {
                p.append(String.format(Locale.ROOT, "%,d → %,d flags", row.baselineFlags, row.candidateFlags));
            }
            parts.add(p + " " + row.ruleId + " (" + row.mode + ") in " + row.country);
        }
        return String.join(", ", parts);
    }

    static List<BacktestReport.RuleRow> changedRows(BacktestReport r) {
        List<BacktestReport.RuleRow> out = new ArrayList<>();
        for (BacktestReport.RuleRow row : r.rules) {
            if (row.changed) {
                out.add(row);
            }
        }
        out.sort((a, b) -> Long.compare(b.newlyFlagged + b.noLongerFlagged, a.newlyFlagged + a.noLongerFlagged));
        return out;
    }

    private static String pair(Double a, Double b) {
        return pct(a) + " → " + pct(b);
    }

    static String pct(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
}
