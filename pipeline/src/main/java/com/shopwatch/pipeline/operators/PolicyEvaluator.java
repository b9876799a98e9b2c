package com.shopwatch.pipeline.operators;

import com.shopwatch.decode.DeadLetter;
import com.shopwatch.decode.DeadLetterReason;
import com.shopwatch.event.CommerceEvent;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyError;
import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.policy.RuleMatch;
import com.shopwatch.review.ReviewFlag;
import com.shopwatch.review.ReviewFlags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
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

    /** Broadcast state: pack file name → YAML text of the enforcing set. */
    public static final MapStateDescriptor<String, String> PACKS =
            new MapStateDescriptor<>("policy-packs", Types.STRING, Types.STRING);

    public static final OutputTag<PolicyStatus> POLICY_STATUS = new OutputTag<>("policy-status") {};

    /** Events the engine failed on (a bug, never bad input): dead-lettered, the job keeps running. */
    public static final OutputTag<DeadLetter> EVALUATION_ERRORS = new OutputTag<>("evaluation-errors") {};

    private static final Pattern PACK = Pattern.compile("(?m)^pack:\\s*['\"]?([^'\"#\\s]+)");
    private static final Pattern VERSION = Pattern.compile("(?m)^version:\\s*['\"]?([^'\"#\\n]+?)['\"]?\\s*(#.*)?$");

    private final Map<String, String> defaultPacks;
    private transient CompiledPolicySet policies;
    private transient String fingerprint;
    /** The last rejected candidate, so a watched directory does not re-report it every poll. */
    private transient String rejectedFingerprint;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient Counter evaluationErrors;

    public PolicyEvaluator(Map<String, String> defaultPacks) {
        this.defaultPacks = new TreeMap<>(defaultPacks);
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("policyUpdatesAccepted");
        rejected = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("policyUpdatesRejected");
        evaluationErrors = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("evaluationErrors");
    }

    @Override
    public void processElement(CommerceEvent event, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        if (policies == null) {
            initialise(ctx.getBroadcastState(PACKS));
        }
        List<RuleMatch> matches;
        try {
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
            out.collect(ReviewFlags.fromMatch(m, event, now));
        }
    }

    /** Compiles the restored pack set, or the bundled default on a fresh start. */
    private void initialise(ReadOnlyBroadcastState<String, String> state) throws Exception {
        Map<String, String> restored = new TreeMap<>();
        for (Map.Entry<String, String> e : state.immutableEntries()) {
            restored.put(e.getKey(), e.getValue());
        }
        Map<String, String> packs = restored.isEmpty() ? defaultPacks : restored;
        PolicyLoader.Result result = PolicyLoader.load(packs);
        if (!result.ok()) {
            // Only reachable with a broken bundled default: fail loudly at start, not per event.
            throw new IllegalStateException("bundled/restored policy packs are invalid: " + result.errors());
        }
        policies = result.policies();
        fingerprint = result.fingerprint();
    }

    @Override
    public void processBroadcastElement(PolicyUpdate update, Context ctx, Collector<ReviewFlag> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(PACKS);
        if (policies == null) {
            initialise(state);
        }
        Map<String, String> current = new TreeMap<>();
        for (Map.Entry<String, String> e : state.entries()) {
            current.put(e.getKey(), e.getValue());
        }
        boolean fromDefault = current.isEmpty();
        if (fromDefault && !update.replaceAll) {
            current.putAll(defaultPacks); // a single pushed pack updates the bundled set
        }
        Map<String, String> candidate = update.applyTo(current);
        PolicyLoader.Result result = update.error != null
                ? PolicyLoader.Result.failed(update.error)
                : PolicyLoader.load(candidate);
        if (result.ok() && result.fingerprint().equals(fingerprint) && !fromDefault) {
            return; // unchanged, e.g. a directory poll with no edits
        }
        if (!result.ok() && result.fingerprint().equals(rejectedFingerprint) && !result.fingerprint().isEmpty()) {
            return; // the same invalid set again: already reported
        }
        PolicyStatus status = new PolicyStatus();
        status.attempted = attempted(update, current);
        status.origin = update.origin;
        status.at = Instant.ofEpochMilli(System.currentTimeMillis()).toString();
        if (result.ok()) {
            state.clear();
            state.putAll(candidate);
            policies = result.policies();
            fingerprint = result.fingerprint();
            status.status = "accepted";
            status.errors = new String[0];
            accepted.inc();
        } else {
            status.status = "rejected";
            rejectedFingerprint = result.fingerprint();
            List<String> errors = new ArrayList<>();
            for (PolicyError e : result.errors()) {
                errors.add(e.toString());
            }
            status.errors = errors.toArray(new String[0]);
            rejected.inc();
        }
        status.activeVersion = policies.version();
        status.fingerprint = fingerprint;
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            ctx.output(POLICY_STATUS, status);
        }
    }

    /**
     * {@code SG@2026.11.24-2, ...}: the packs the update changes (all of them when it changes
     * none, e.g. the first snapshot), read from their YAML for the status record.
     */
    static String attempted(PolicyUpdate update, Map<String, String> current) {
        Map<String, String> names = new LinkedHashMap<>();
        List<com.shopwatch.policy.PolicyFile> changed = new ArrayList<>();
        for (var f : update.files) {
            if (f.text == null || !f.text.equals(current.get(f.name))) {
                changed.add(f);
            }
        }
        for (var f : changed.isEmpty() ? List.of(update.files) : changed) {
            if (f.text == null) {
                names.put(f.name, "deleted");
                continue;
            }
            Matcher p = PACK.matcher(f.text);
            Matcher v = VERSION.matcher(f.text);
            names.put(p.find() ? p.group(1) : f.name, v.find() ? v.group(1).trim() : "?");
        }
        StringBuilder sb = new StringBuilder();
        names.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('@').append(v));
        return sb.toString();
    }
}
