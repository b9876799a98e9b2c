package com.shopwatch.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.Evidence;
import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.output.SchemaConformance;
import com.shopwatch.review.Escalation;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.TaskReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The comparison of two runs on constructed outputs: rows, samples, totals, labels, determinism. */
class BacktestDiffTest {
    private static final long T0 = 1_795_478_400_000L;

    static ReviewFlag flag(String rule, String country, String item, String mode, long t) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = rule + "-" + item + "-" + t;
        f.source = rule.contains("_") ? "detector" : "rule";
        f.itemType = "listing";
        f.itemId = item;
        f.country = country;
        f.ruleId = rule;
        f.mode = mode;
        f.eventTimeMs = t;
        f.evidence = new Evidence[] {new Evidence("title", "terms", "vape (vape_terms)", "vape", 5, 9)};
        return f;
    }

    static ReviewTask task(String id, String country, String item, String... rules) {
        ReviewTask t = new ReviewTask();
        t.taskId = id;
        t.country = country;
        t.itemId = item;
        List<TaskReason> reasons = new ArrayList<>();
        for (String r : rules) {
            TaskReason reason = new TaskReason();
            reason.ruleId = r;
            reasons.add(reason);
        }
        t.reasons = reasons.toArray(new TaskReason[0]);
        return t;
    }

    static Escalation escalation(String task, String country) {
        Escalation e = new Escalation();
        e.taskId = task;
        e.country = country;
        return e;
    }

    /** Baseline: vape enforced in SG (items A, B) only. Candidate: vape enforced in MY too (C, D), B no longer in SG. */
    static BacktestSide baseline() {
        return new BacktestSide("global@1+SG@1", List.of(
                flag("vape-prohibited", "SG", "A", "enforce", T0),
                flag("vape-prohibited", "SG", "A", "enforce", T0 + 1),   // the same item twice: one item, two flags
                flag("vape-prohibited", "SG", "B", "enforce", T0 + 2),
                flag("seller_velocity", "MY", "E", "enforce", T0 + 3)),
                List.of(task("t-A", "SG", "A", "vape-prohibited"), task("t-B", "SG", "B", "vape-prohibited"),
                        task("t-E", "MY", "E", "seller_velocity")),
                List.of(escalation("t-A", "SG")), Map.of("not_json", 2L));
    }

    static BacktestSide candidate() {
        return new BacktestSide("global@1+SG@2+MY@2", List.of(
                flag("vape-prohibited", "SG", "A", "enforce", T0),
                flag("vape-prohibited", "MY", "C", "enforce", T0 + 5),
                flag("vape-prohibited", "MY", "D", "enforce", T0 + 6),
                flag("seller_velocity", "MY", "E", "shadow", T0 + 3)),   // the threshold rule moved to shadow
                List.of(task("t-A", "SG", "A", "vape-prohibited"), task("t-C", "MY", "C", "vape-prohibited"),
                        task("t-D", "MY", "D", "vape-prohibited")),
                List.of(escalation("t-A", "SG"), escalation("t-C", "MY")), Map.of("not_json", 2L));
    }

    static Map<String, BacktestDiff.ItemInfo> items() {
        Map<String, BacktestDiff.ItemInfo> m = new TreeMap<>();
        for (String item : List.of("A", "B", "C", "D", "E", "F")) {
            m.put(item, new BacktestDiff.ItemInfo("listing", item.compareTo("C") < 0 ? "SG" : "MY", "Mint vape pen " + item));
        }
        return m;
    }

    private static BacktestReport.RuleRow row(BacktestReport r, String rule, String country, String mode) {
        return r.rules.stream().filter(x -> x.ruleId.equals(rule) && x.country.equals(country) && x.mode.equals(mode))
                .findFirst().orElseThrow();
    }

    @Test
    void rowsSamplesAndTotals() {
        BacktestReport r = BacktestDiff.compute(baseline(), candidate(), 100, 98, items(), ItemLabels.none());
        assertThat(r.rules).extracting(x -> x.country + "/" + x.ruleId + "/" + x.mode).containsExactly(
                "MY/seller_velocity/enforce", "MY/seller_velocity/shadow", "MY/vape-prohibited/enforce",
                "SG/vape-prohibited/enforce");
        BacktestReport.RuleRow sg = row(r, "vape-prohibited", "SG", "enforce");
        assertThat(sg.baselineItems).isEqualTo(2);
        assertThat(sg.baselineFlags).isEqualTo(3);
        assertThat(sg.candidateItems).isEqualTo(1);
        assertThat(sg.noLongerFlagged).isEqualTo(1);
        assertThat(sg.newlyFlagged).isZero();
        assertThat(sg.changed).isTrue();
        assertThat(sg.noLongerFlaggedSamples).singleElement().satisfies(s -> {
            assertThat(s.itemId).isEqualTo("B");
            assertThat(s.text).isEqualTo("Mint vape pen B");
            assertThat(s.evidence[0].matchedText).isEqualTo("vape");
        });
        BacktestReport.RuleRow my = row(r, "vape-prohibited", "MY", "enforce");
        assertThat(my.newlyFlagged).isEqualTo(2);
        assertThat(my.newlyFlaggedSamples).extracting(s -> s.itemId).containsExactly("C", "D");
        assertThat(row(r, "seller_velocity", "MY", "enforce").noLongerFlagged).isEqualTo(1);
        assertThat(row(r, "seller_velocity", "MY", "shadow").newlyFlagged).isEqualTo(1);
        // item totals count enforce flags: A and B before; A, C and D after
        assertThat(r.items.baselineFlagged).isEqualTo(3);
        assertThat(r.items.candidateFlagged).isEqualTo(3);
        assertThat(r.items.newlyFlagged).isEqualTo(2);
        assertThat(r.items.noLongerFlagged).isEqualTo(2);   // B in SG, E in MY (now shadow only)
        assertThat(r.items.byCountry.get("MY").baselineTasks).isEqualTo(1);
        assertThat(r.items.byCountry.get("MY").candidateTasks).isEqualTo(2);
        assertThat(r.items.byCountry.get("MY").candidateEscalations).isEqualTo(1);
        assertThat(r.items.byCountry.get("SG").baselineTasks).isEqualTo(2);
        assertThat(r.events.read).isEqualTo(100);
        assertThat(r.events.deadLetters).containsEntry("not_json", 2L);
        assertThat(r.labelled).isFalse();
        assertThat(sg.baselinePrecision).isNull();
        SchemaConformance.assertConforms(SchemaConformance.schema("backtest"), JsonOutput.mapper().valueToTree(r));
    }

    @Test
    void samplesAreCappedAndTheFirstInItemOrder() {
        List<ReviewFlag> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(flag("vape-prohibited", "MY", String.format("L%02d", 29 - i), "enforce", T0 + i));
        }
        BacktestSide none = new BacktestSide("v1", List.of(), List.of(), List.of(), Map.of());
        BacktestSide lots = new BacktestSide("v2", many, List.of(), List.of(), Map.of());
        BacktestReport r = BacktestDiff.compute(none, lots, 30, 30, Map.of(), ItemLabels.none());
        BacktestReport.RuleRow row = r.rules.get(0);
        assertThat(row.newlyFlagged).isEqualTo(30);
        assertThat(row.newlyFlaggedSamples).hasSize(BacktestDiff.SAMPLES);
        assertThat(row.newlyFlaggedSamples.get(0).itemId).isEqualTo("L00");
        assertThat(BacktestDiff.itemsNeeded(none, lots, ItemLabels.none())).hasSize(BacktestDiff.SAMPLES);
    }

    @Test
    void labelsGiveThePrecisionAndRecallOfEachSide() {
        // A violating vape, B clean (a false positive of the baseline), C violating vape, D clean,
        // F violating vape that neither side flags, E violating velocity
        ItemLabels labels = ItemLabels.fromLabelLines("labels.jsonl", List.of(
                "{\"item_id\":\"A\",\"label\":\"violating\",\"rule_id\":\"vape-prohibited\"}",
                "{\"item_id\":\"B\",\"label\":\"clean\"}",
                "{\"item_id\":\"C\",\"label\":\"violating\",\"rule_id\":\"vape-prohibited\"}",
                "{\"item_id\":\"D\",\"label\":\"clean\"}",
                "{\"item_id\":\"F\",\"label\":\"violating\",\"rule_id\":\"vape-prohibited\"}",
                "{\"item_id\":\"E\",\"label\":\"violating\"}",
                "not json",
                "{\"item_id\":\"G\",\"label\":\"maybe\"}"));
        assertThat(labels.problems()).containsExactly("labels.jsonl:7: not JSON",
                "labels.jsonl:8: label must be violating or clean, not 'maybe'");
        BacktestReport r = BacktestDiff.compute(baseline(), candidate(), 100, 98, items(), labels);
        assertThat(r.labelled).isTrue();
        BacktestReport.RuleRow sg = row(r, "vape-prohibited", "SG", "enforce");
        assertThat(sg.baselinePrecision).isEqualTo(0.5);     // A right, B wrong
        assertThat(sg.candidatePrecision).isEqualTo(1.0);    // A
        assertThat(sg.baselineRecall).isEqualTo(1.0);        // A of A (the only SG vape violation)
        assertThat(sg.candidateRecall).isEqualTo(1.0);
        BacktestReport.RuleRow my = row(r, "vape-prohibited", "MY", "enforce");
        assertThat(my.baselinePrecision).isNull();           // nothing flagged, nothing to judge
        assertThat(my.candidatePrecision).isEqualTo(0.5);    // C right, D wrong
        assertThat(my.baselineRecall).isEqualTo(0.0);        // MY vape violations: C and F
        assertThat(my.candidateRecall).isEqualTo(0.5);       // C of C, F
        assertThat(my.candidateLabelled).isEqualTo(2);
        // E is violating without a rule: it counts for precision, not for any rule's recall
        assertThat(row(r, "seller_velocity", "MY", "enforce").baselinePrecision).isEqualTo(1.0);
        assertThat(row(r, "seller_velocity", "MY", "enforce").baselineRecall).isNull();
        SchemaConformance.assertConforms(SchemaConformance.schema("backtest"), JsonOutput.mapper().valueToTree(r));
    }

    @Test
    void decisionsOnTheTasksOfEitherRunAreLabels() {
        ModeratorDecision onB = decision("t-B", "not_violating", 1);
        ModeratorDecision onC = decision("t-C", "violating", 2);
        ModeratorDecision onA = decision("t-A", "escalated", 3);
        ModeratorDecision unknown = decision("t-X", "violating", 4);
        List<ReviewTask> tasks = new ArrayList<>(baseline().tasks());
        tasks.addAll(candidate().tasks());
        ItemLabels labels = ItemLabels.fromDecisions(List.of(onC, onB, onA, unknown), tasks);
        assertThat(labels.get("B").violating()).isFalse();
        assertThat(labels.get("C").violating()).isTrue();
        assertThat(labels.get("C").ruleIds()).containsExactly("vape-prohibited");   // the task's reasons
        assertThat(labels.get("A")).isNull();                                        // escalated says nothing
        assertThat(labels.problems()).singleElement().asString().contains("t-X");
    }

    private static ModeratorDecision decision(String task, String verdict, long at) {
        ModeratorDecision d = new ModeratorDecision();
        d.taskId = task;
        d.decision = verdict;
        d.decidedAtMs = at;
        return d;
    }

    @Test
    void theReportDependsOnTheOutputsContentNotTheOrderTheyWereWrittenIn() throws Exception {
        String expected = JsonOutput.toJson(BacktestDiff.compute(baseline(), candidate(), 100, 98, items(), ItemLabels.none()));
        Random random = new Random(1);
        for (int i = 0; i < 5; i++) {
            List<ReviewFlag> b = new ArrayList<>(baseline().flags());
            List<ReviewFlag> c = new ArrayList<>(candidate().flags());
            List<ReviewTask> bt = new ArrayList<>(baseline().tasks());
            Collections.shuffle(b, random);
            Collections.shuffle(c, random);
            Collections.shuffle(bt, random);
            BacktestSide shuffledB = new BacktestSide(baseline().policyVersion(), b, bt, baseline().escalations(),
                    baseline().deadLettersByReason());
            BacktestSide shuffledC = new BacktestSide(candidate().policyVersion(), c, candidate().tasks(),
                    candidate().escalations(), candidate().deadLettersByReason());
            assertThat(JsonOutput.toJson(BacktestDiff.compute(shuffledB, shuffledC, 100, 98, items(), ItemLabels.none())))
                    .isEqualTo(expected);
        }
    }

    @Test
    void theHtmlEscapesTextAndMarksEvidence() {
        Evidence e = new Evidence("title", "terms", "vape", "vape", 5, 9);
        assertThat(BacktestHtml.highlighted("Mint vape <b>pen</b>", new Evidence[] {e}, "title"))
                .isEqualTo("Mint <mark>vape</mark> &lt;b&gt;pen&lt;/b&gt;");
        // evidence of another field, or outside the text, marks nothing
        assertThat(BacktestHtml.highlighted("Mint", new Evidence[] {e}, "title")).isEqualTo("Mint");
        String html = BacktestHtml.render(BacktestDiff.compute(baseline(), candidate(), 100, 98, items(), ItemLabels.none()));
        assertThat(html).contains("<svg", "<table class=\"sortable\"", "<mark>vape</mark>", "not_json")
                .doesNotContain("http://", "https://");
        assertThat(BacktestSummary.markdown(BacktestDiff.compute(baseline(), candidate(), 100, 98, items(), ItemLabels.none())))
                .contains("| MY | vape-prohibited | enforce | 0 → 2 | 2 | 0 |", "MY 1 → 2 tasks");
    }
}
