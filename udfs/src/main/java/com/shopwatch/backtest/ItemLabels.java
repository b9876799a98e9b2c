package com.shopwatch.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.model.Decision;
import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.review.ReviewTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Labels by item id, read from a labels file ({@code {"item_id":…,"label":"violating|clean",
 * "rule_id":…}} per line) or derived from moderator decisions on the tasks of either run. A later
 * line about the same item wins; a bad line is an error that names its line.
 */
public final class ItemLabels {
    private final Map<String, ItemLabel> byItem;
    private final List<String> problems;

    private ItemLabels(Map<String, ItemLabel> byItem, List<String> problems) {
        this.byItem = byItem;
        this.problems = problems;
    }

    public static ItemLabels none() {
        return new ItemLabels(new TreeMap<>(), List.of());
    }

    public boolean isEmpty() {
        return byItem.isEmpty();
    }

    public ItemLabel get(String itemId) {
        return byItem.get(itemId);
    }

    public Collection<ItemLabel> all() {
        return byItem.values();
    }

    /** Lines that could not be used, as {@code name:line: why}. */
    public List<String> problems() {
        return problems;
    }

    /** Parses labels lines; {@code source} names the file in problems. */
    public static ItemLabels fromLabelLines(String source, List<String> lines) {
        Map<String, ItemLabel> out = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            JsonNode n;
            try {
                n = JsonOutput.mapper().readTree(line);
            } catch (Exception e) {
                problems.add(where + "not JSON");
                continue;
            }
            if (n == null || !n.isObject() || !n.path("item_id").isTextual() || n.path("item_id").asText().isBlank()) {
                problems.add(where + "needs a string item_id");
                continue;
            }
            String label = n.path("label").asText("");
            if (!label.equals("violating") && !label.equals("clean")) {
                problems.add(where + "label must be violating or clean, not '" + label + "'");
                continue;
            }
            Set<String> rules = new LinkedHashSet<>();
            if (n.path("rule_id").isTextual() && !n.path("rule_id").asText().isBlank()) {
                rules.add(n.path("rule_id").asText());
            }
            String item = n.path("item_id").asText();
            out.put(item, new ItemLabel(item, label.equals("violating"), rules));
        }
        return new ItemLabels(out, problems);
    }

    /**
     * Labels from moderator decisions: each decision names a task (of either run) and optionally the
     * reasons it judged. Violating labels the item violating for those reasons (all of the task's
     * reasons when none are named); not violating labels it clean; escalated says nothing.
     */
    public static ItemLabels fromDecisions(List<ModeratorDecision> decisions, Collection<ReviewTask> tasks) {
        Map<String, ReviewTask> taskById = new TreeMap<>();
        for (ReviewTask t : tasks) {
            taskById.merge(t.taskId, t, (a, b) -> a.revision >= b.revision ? a : b);
        }
        Map<String, ItemLabel> out = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<ModeratorDecision> ordered = new ArrayList<>(decisions);
        ordered.sort(java.util.Comparator.comparingLong((ModeratorDecision d) -> d.decidedAtMs)
                .thenComparing(d -> d.taskId == null ? "" : d.taskId));
        for (ModeratorDecision d : ordered) {
            ReviewTask t = d.taskId == null ? null : taskById.get(d.taskId);
            if (t == null) {
                problems.add("decision on task " + d.taskId + ": no such task in either run");
                continue;
            }
            Decision v = d.verdict();
            if (v == null || v == Decision.ESCALATED) {
                continue;
            }
            Set<String> rules = new LinkedHashSet<>();
            if (v == Decision.VIOLATING) {
                if (d.reasons != null && d.reasons.length > 0) {
                    rules.addAll(List.of(d.reasons));
                } else if (t.reasons != null) {
                    for (var r : t.reasons) {
                        rules.add(r.ruleId);
                    }
                }
            }
            out.put(t.itemId, new ItemLabel(t.itemId, v == Decision.VIOLATING, rules));
        }
        return new ItemLabels(out, problems);
    }
}
