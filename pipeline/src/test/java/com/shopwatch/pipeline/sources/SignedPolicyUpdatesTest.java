package com.shopwatch.pipeline.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.policies.PolicyEvaluator;
import com.shopwatch.pipeline.testing.TestPolicies;
import com.shopwatch.pipeline.testing.TestSigning;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.policy.PolicyUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy-topic records, signed or not, through the policy source's deserializer into the policy
 * evaluator: only a valid signature with an allowed key changes what is enforced; everything else
 * is a rejected status naming the pack and the reason, and the last good set keeps enforcing.
 */
class SignedPolicyUpdatesTest {
    private static final String OTHER_SECRET = "other-team-secret-5d4c3b2a19080706";

    @TempDir
    Path dir;

    private PolicySources.PolicyRecordDeserializer deserializer;
    private BroadcastOperatorTestHarness<CommerceEvent, PolicyUpdate, ReviewFlag> harness;
    private long offset;
    private long time;

    @BeforeEach
    void setUp() throws Exception {
        Path keys = TestSigning.keyFile(dir, "team-revoked=" + OTHER_SECRET);
        // through Java serialization, as Flink ships it: the keys are read after, never carried
        deserializer = InstantiationUtil.clone(new PolicySources.PolicyRecordDeserializer(
                keys.toString(), List.of(TestSigning.KEY_ID), false));
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new PolicyEvaluator(TestPolicies.defaults()), PolicyBroadcast.PACKS);
    }

    private void publish(String name, String value, Map<String, String> headers) throws Exception {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("moderation.policies", 0, offset++,
                name.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        List<PolicyUpdate> updates = new ArrayList<>();
        deserializer.deserialize(record, new ListCollector<>(updates));
        for (PolicyUpdate u : updates) {
            harness.processBroadcastElement(u, ++time);
        }
    }

    private ReviewFlag vapeFlag() throws Exception {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "e" + time;
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.eventTime = 1_000L * time;
        e.itemId = "L" + time;
        e.accountId = "S1";
        e.country = "SG";
        e.title = "Mint vape pen";
        e.category = "health";
        int before = harness.extractOutputValues().size();
        harness.processElement(e, ++time);
        List<ReviewFlag> flags = harness.extractOutputValues();
        assertThat(flags).hasSize(before + 1);
        return flags.get(flags.size() - 1);
    }

    private List<PolicyStatus> statuses() {
        return harness.getSideOutput(PolicyEvaluator.POLICY_STATUS).stream().map(r -> r.getValue()).toList();
    }

    @Test
    void aSignedUpdateIsEnforcedAndUnsignedOrBadOnesAreRejectedKeepingTheLastGood() throws Exception {
        String sg2 = TestPolicies.sg("2", "critical");
        publish("sg.yaml", sg2, TestSigning.headers("sg.yaml", sg2));
        assertThat(vapeFlag().policyVersion).isEqualTo("global@1+SG@2");

        String sg3 = TestPolicies.sg("3", "low");
        publish("sg.yaml", sg3, Map.of()); // unsigned
        String tampered = sg3; // signed SG@2's signature on SG@3's bytes
        publish("sg.yaml", tampered, TestSigning.headers("sg.yaml", sg2));
        publish("sg.yaml", sg3, TestSigning.headers(TestSigning.KEY_ID, OTHER_SECRET, "sg.yaml", sg3)); // wrong key
        publish("sg.yaml", sg3, TestSigning.headers("team-revoked", OTHER_SECRET, "sg.yaml", sg3)); // valid, not allowed
        publish("sg.yaml", sg3, TestSigning.headers("team-nobody", OTHER_SECRET, "sg.yaml", sg3)); // unknown id
        publish("sg.yaml", null, Map.of()); // an unsigned deletion
        publish("sg.yaml", null, TestSigning.headers("th.yaml", null)); // th.yaml's deletion replayed for sg.yaml

        ReviewFlag after = vapeFlag();
        assertThat(after.policyVersion).isEqualTo("global@1+SG@2");
        assertThat(after.severity).isEqualTo("critical");

        List<PolicyStatus> statuses = statuses();
        assertThat(statuses).extracting(s -> s.status + " " + s.attempted).containsExactly(
                "accepted SG@2",
                "rejected sg.yaml", "rejected sg.yaml", "rejected sg.yaml", "rejected sg.yaml", "rejected sg.yaml",
                "rejected sg.yaml", "rejected sg.yaml");
        assertThat(statuses.subList(1, statuses.size())).allSatisfy(s -> {
            assertThat(s.activeVersion).isEqualTo(statuses.get(0).activeVersion);
            assertThat(s.fingerprint).isEqualTo(statuses.get(0).fingerprint);
            assertThat(s.origin).startsWith("moderation.policies-0@");
            assertThat(String.join("\n", s.errors)).doesNotContain(TestSigning.SECRET).doesNotContain(OTHER_SECRET);
        });
        // the loader's form for a whole-update error: "<policies>: message"
        assertThat(statuses.subList(1, statuses.size())).extracting(s -> s.errors[0].replace("<policies>: ", "")).containsExactly(
                "unsigned update for sg.yaml (headers shopwatch-key-id and shopwatch-signature are required; see bin/shopwatch sign)",
                "bad signature (key id 'team-test') for sg.yaml",
                "bad signature (key id 'team-test') for sg.yaml",
                "key id 'team-revoked' is not allowed for sg.yaml",
                "key id 'team-nobody' is not allowed for sg.yaml",
                "unsigned update for sg.yaml (headers shopwatch-key-id and shopwatch-signature are required; see bin/shopwatch sign)",
                "bad signature (key id 'team-test') for sg.yaml");

        // a signed deletion of the pack is applied: back to the global pack only for SG
        publish("sg.yaml", null, TestSigning.headers("sg.yaml", null));
        assertThat(statuses().get(statuses().size() - 1).status).isEqualTo("accepted");
        int flags = harness.extractOutputValues().size();
        CommerceEvent e = new CommerceEvent();
        e.eventId = "gone";
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.eventTime = 1L;
        e.itemId = "Lgone";
        e.accountId = "S1";
        e.country = "SG";
        e.title = "Mint vape pen";
        harness.processElement(e, ++time);
        assertThat(harness.extractOutputValues()).hasSize(flags);
    }

    @Test
    void unsignedUpdatesPassOnlyWhenAllowedButASignaturePresentIsStillChecked() throws Exception {
        deserializer = new PolicySources.PolicyRecordDeserializer(TestSigning.keyFile(dir).toString(), null, true);
        String sg2 = TestPolicies.sg("2", "critical");
        publish("sg.yaml", sg2, Map.of());
        String sg3 = TestPolicies.sg("3", "low");
        publish("sg.yaml", sg3, TestSigning.headers("sg.yaml", sg2));
        assertThat(statuses()).extracting(s -> s.status + " " + s.attempted).containsExactly("accepted SG@2", "rejected sg.yaml");
        assertThat(vapeFlag().policyVersion).isEqualTo("global@1+SG@2");
    }

    @Test
    void keysThatCannotBeLoadedRejectEverySignedUpdateWithoutFailingTheJob() throws Exception {
        deserializer = new PolicySources.PolicyRecordDeserializer(dir.resolve("missing").toString(), null, false);
        String sg2 = TestPolicies.sg("2", "critical");
        publish("sg.yaml", sg2, TestSigning.headers("sg.yaml", sg2));
        assertThat(statuses()).singleElement().satisfies(s -> {
            assertThat(s.status).isEqualTo("rejected");
            assertThat(s.errors[0]).startsWith("<policies>: cannot check the signature of sg.yaml: the signing keys could not be loaded (")
                    .contains("missing");
        });
        assertThat(vapeFlag().policyVersion).isEqualTo("global@1+SG@1");
    }
}
