package com.shopwatch.pipeline.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.testing.TestPolicies;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.model.ReviewFlag;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static int seq;

    private static CommerceEvent listing(String country, String title, Double price, String category) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "e" + (++seq);
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.eventTime = 1_000L * seq;
        e.itemId = "L" + seq;
        e.accountId = "S1";
        e.country = country;
        e.title = title;
        e.category = category;
        e.priceAmount = price;
        e.priceCurrency = price == null ? null : "SGD";
        return e;
    }

    private static BroadcastOperatorTestHarness<CommerceEvent, PolicyUpdate, ReviewFlag> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new PolicyEvaluator(TestPolicies.defaults()), PolicyBroadcast.PACKS);
    }

    @Test
    void evaluatesAgainstTheBundledDefaultBeforeAnyUpdate() throws Exception {
        var h = harness();
        h.processElement(listing("SG", "Mint vape pen", 10.0, "health"), 1L);
        h.processElement(listing("MY", "Mint vape pen", 10.0, "health"), 2L);
        h.processElement(listing("MY", "Replica pistol holster", 10.0, "sports"), 3L);
        List<ReviewFlag> flags = h.extractOutputValues();
        assertThat(flags).extracting(f -> f.country + ":" + f.ruleId)
                .containsExactly("SG:sg-vape", "MY:weapons-prohibited");
        ReviewFlag vape = flags.get(0);
        assertThat(vape.policyVersion).isEqualTo("global@1+SG@1");
        assertThat(vape.severity).isEqualTo("high");
        assertThat(vape.mode).isEqualTo("enforce");
        assertThat(vape.queue).isEqualTo("sg-policy");
        assertThat(vape.evidence).hasSize(1);
        assertThat(vape.evidence[0].field).isEqualTo("title");
        assertThat(vape.evidence[0].matchedText).isEqualTo("vape");
        assertThat(vape.evidence[0].start).isEqualTo(5);
        assertThat(vape.sourceEventId).isNotNull();
        assertThat(flags.get(1).policyVersion).isEqualTo("global@1");
    }

    @Test
    void anEventTheEngineFailsOnIsDeadLetteredNotFatal() throws Exception {
        var h = harness();
        CommerceEvent broken = listing("SG", "vape", 1.0, "health");
        broken.country = null; // cannot come from the decoder; stands in for an engine bug
        h.processElement(broken, 1L);
        h.processElement(listing("SG", "vape", 1.0, "health"), 2L);
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(h.getSideOutput(PolicyEvaluator.EVALUATION_ERRORS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().reason).isEqualTo("evaluation_error");
            assertThat(r.getValue().error).startsWith("policy evaluation failed under ");
            assertThat(r.getValue().payload).contains("\"event_id\":\"" + broken.eventId + "\"");
        });
    }

    @Test
    void shadowRulesFlagWithShadowMode() throws Exception {
        var h = harness();
        h.processElement(listing("SG", "Phone X", 2.0, "electronics"), 1L);
        assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.ruleId).isEqualTo("sg-cheap-electronics");
            assertThat(f.mode).isEqualTo("shadow");
            assertThat(f.evidence[0].matcher).isEqualTo("condition");
        });
    }

    @Test
    void aValidUpdateEnforcesAtOnceAndAnInvalidOneIsRejectedKeepingTheLastGood() throws Exception {
        var h = harness();
        h.processBroadcastElement(PolicyUpdate.pack("sg.yaml", TestPolicies.sg("2", "critical"), "test"), 1L);
        h.processElement(listing("SG", "vape kit", 10.0, "health"), 2L);
        h.processBroadcastElement(PolicyUpdate.pack("sg.yaml", TestPolicies.sgBrokenCondition("3"), "test"), 3L);
        h.processElement(listing("SG", "vape kit", 10.0, "health"), 4L);

        List<ReviewFlag> flags = h.extractOutputValues();
        assertThat(flags).hasSize(2).allSatisfy(f -> {
            assertThat(f.policyVersion).isEqualTo("global@1+SG@2");
            assertThat(f.severity).isEqualTo("critical");
        });
        List<PolicyStatus> statuses = h.getSideOutput(PolicyEvaluator.POLICY_STATUS).stream()
                .map(r -> r.getValue()).toList();
        assertThat(statuses).extracting(s -> s.status).containsExactly("accepted", "rejected");
        assertThat(statuses.get(0).attempted).isEqualTo("SG@2");
        assertThat(statuses.get(1).attempted).isEqualTo("SG@3");
        assertThat(statuses.get(1).activeVersion).isEqualTo(statuses.get(0).activeVersion);
        assertThat(statuses.get(1).errors).singleElement().asString()
                .startsWith("sg.yaml:11: [rule sg-vape] CEL condition 'title < 5' does not compile");
    }

    @Test
    void aWatchedDirectoryReportsOnlyChangedPacksAndEachRejectionOnce() throws Exception {
        var h = harness();
        java.util.Map<String, String> dir = new java.util.TreeMap<>(TestPolicies.defaults());
        h.processBroadcastElement(PolicyUpdate.snapshot(dir, "dir"), 1L);
        dir.put("sg.yaml", TestPolicies.sg("2", "low"));
        h.processBroadcastElement(PolicyUpdate.snapshot(dir, "dir"), 2L);
        dir.put("sg.yaml", TestPolicies.sgBrokenCondition("3"));
        for (int poll = 0; poll < 3; poll++) {
            h.processBroadcastElement(PolicyUpdate.snapshot(dir, "dir"), 3L + poll);
        }
        List<PolicyStatus> statuses = h.getSideOutput(PolicyEvaluator.POLICY_STATUS).stream().map(r -> r.getValue()).toList();
        assertThat(statuses).extracting(s -> s.status + " " + s.attempted)
                .containsExactly("accepted global@1,SG@1", "accepted SG@2", "rejected SG@3");
    }

    @Test
    void anUnchangedSnapshotIsIgnoredAndDeletingAPackWorks() throws Exception {
        var h = harness();
        h.processBroadcastElement(PolicyUpdate.snapshot(TestPolicies.defaults(), "dir"), 1L);
        h.processBroadcastElement(PolicyUpdate.snapshot(TestPolicies.defaults(), "dir"), 2L);
        h.processBroadcastElement(PolicyUpdate.pack("sg.yaml", null, "test"), 3L);
        h.processElement(listing("SG", "vape kit", 10.0, "health"), 4L);
        assertThat(h.getSideOutput(PolicyEvaluator.POLICY_STATUS)).hasSize(2);
        assertThat(h.extractOutputValues()).isEmpty();
    }
}
