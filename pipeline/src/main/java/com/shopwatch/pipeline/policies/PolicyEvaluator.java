package com.shopwatch.pipeline.policies;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyError;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.policy.RuleMatch;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.ReviewFlags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Applies the country policies to every event and emits one flag per matched rule (enforce and
 * shadow alike; the job routes them). No keyBy: each parallel instance holds the same compiled
 * policies, built from the broadcast pack set.
 *
 * <p>Policy updates arrive on the broadcast input and are validated here with the same loader
 * as the {@code validate} command: a valid set replaces the enforcing one at once; an invalid
 * one is rejected and the last good set keeps enforcing. Either way a status record goes to the
 * {@link #POLICY_STATUS} side output (from subtask 0 only, so once per update).
 *
 * <p>Until the first update arrives (a fresh start), events are evaluated against the bundled
 * default packs given to the constructor: no event waits or is lost, and each flag names the
 * pack versions that produced it. After a restore the broadcast state holds the last good set.
 */
public final class PolicyEvaluator extends BroadcastProcessFunction<CommerceEvent, PolicyUpdate, ReviewFlag> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<PolicyStatus> POLICY_STATUS = new OutputTag<>("policy-status") {};

    /** Events the engine failed on (a bug, never bad input): dead-lettered, the job keeps running. */
    public static final OutputTag<DeadLetter> EVALUATION_ERRORS = new OutputTag<>("evaluation-errors") {};

    private final PolicyTracker tracker;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient Counter evaluationErrors;

    public PolicyEvaluator(Map<String, String> defaultPacks) {
        this.tracker = new PolicyTracker(defaultPacks);
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("policyUpdatesAccepted");
        rejected = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("policyUpdatesRejected");
        evaluationErrors = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("evaluationErrors");
    }

    @Override
    public void processElement(CommerceEvent event, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        CompiledPolicySet policies = tracker.policies(ctx.getBroadcastState(PolicyBroadcast.PACKS));
        List<RuleMatch> matches;
        try {
            if (event.country == null || event.type == null || event.action == null) {
                // the decoder guarantees all three: without them the event cannot be judged, only reported
                throw new IllegalArgumentException("the event has no " + (event.country == null ? "country"
                        : event.type == null ? "type" : "action"));
            }
            matches = policies.evaluate(event);
        } catch (RuntimeException e) {
            evaluationErrors.inc();
            ctx.output(EVALUATION_ERRORS, DeadLetter.forEvent(event, DeadLetterReason.EVALUATION_ERROR,
                    "policy evaluation failed under " + policies.version() + ": " + e));
            return;
        }
        if (matches.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (RuleMatch m : matches) {
            out.collect(m.toFlag(event, now));
        }
    }

    @Override
    public void processBroadcastElement(PolicyUpdate update, Context ctx, Collector<ReviewFlag> out) throws Exception {
        PolicyTracker.Outcome outcome = tracker.apply(update, ctx.getBroadcastState(PolicyBroadcast.PACKS));
        if (outcome == null) {
            return;
        }
        PolicyStatus status = new PolicyStatus();
        status.attempted = attempted(update, outcome.before(), outcome.result().packVersions());
        status.origin = update.origin;
        status.at = Instant.ofEpochMilli(System.currentTimeMillis()).toString();
        if (outcome.accepted()) {
            status.status = "accepted";
            status.errors = new String[0];
            accepted.inc();
        } else {
            status.status = "rejected";
            List<String> errors = new ArrayList<>();
            for (PolicyError e : outcome.result().errors()) {
                errors.add(e.toString());
            }
            status.errors = errors.toArray(new String[0]);
            rejected.inc();
        }
        status.activeVersion = tracker.policies(ctx.getBroadcastState(PolicyBroadcast.PACKS)).version();
        status.fingerprint = tracker.fingerprint();
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            ctx.output(POLICY_STATUS, status);
        }
    }

    /**
     * {@code SG@2026.11.24-2, ...}: the packs the update changes (all of them when it changes
     * none, e.g. the first snapshot), as the loader parsed them; a file that is not even YAML
     * is named by its file name.
     */
    static String attempted(PolicyUpdate update, Map<String, String> current, Map<String, String> packVersions) {
        if (update.error != null) {
            // refused before reading (unreadable, unsigned, bad signature): name the files as given
            List<String> given = new ArrayList<>();
            for (var f : update.files) {
                given.add(f.name);
            }
            return String.join(",", given);
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        List<com.shopwatch.policy.PolicyFile> changed = new ArrayList<>();
        for (var f : update.files) {
            if (f.text == null || !f.text.equals(current.get(f.name))) {
                changed.add(f);
            }
        }
        for (var f : changed.isEmpty() ? List.of(update.files) : changed) {
            names.add(f.text == null ? f.name + "@deleted" : packVersions.getOrDefault(f.name, f.name + "@?"));
        }
        return String.join(",", names);
    }
}
