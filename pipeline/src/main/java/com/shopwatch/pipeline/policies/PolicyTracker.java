package com.shopwatch.pipeline.policies;

import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.policy.PolicyUpdate;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The policy set an operator enforces, kept in step with the broadcast policy updates: the
 * bundled default until the first update (or the restored broadcast state after a restart), then
 * each valid update; an invalid one leaves the last good set in force. The policy evaluator and
 * every detector hold one, so a policy push changes rules and detector thresholds alike, and all
 * of them take the same accept/reject decision (same loader, same packs).
 */
public final class PolicyTracker implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> defaultPacks;
    private transient CompiledPolicySet policies;
    private transient String fingerprint;
    /** The last rejected candidate, so a watched directory does not re-report it every poll. */
    private transient String rejectedFingerprint;

    public PolicyTracker(Map<String, String> defaultPacks) {
        this.defaultPacks = new TreeMap<>(defaultPacks);
    }

    /** What an update did; null from {@link #apply} when there is nothing to report. */
    public record Outcome(PolicyLoader.Result result, Map<String, String> before) {
        public boolean accepted() {
            return result.ok();
        }
    }

    /** The set in force (compiling the restored or bundled one on first use). */
    public CompiledPolicySet policies(ReadOnlyBroadcastState<String, String> state) throws Exception {
        if (policies == null) {
            initialise(state);
        }
        return policies;
    }

    public String fingerprint() {
        return fingerprint;
    }

    private void initialise(ReadOnlyBroadcastState<String, String> state) throws Exception {
        Map<String, String> restored = new TreeMap<>();
        for (Map.Entry<String, String> e : state.immutableEntries()) {
            restored.put(e.getKey(), e.getValue());
        }
        Map<String, String> packs = restored.isEmpty() ? defaultPacks : restored;
        PolicyLoader.Result result = PolicyLoader.loadShared(packs);
        if (!result.ok()) {
            // Only reachable with a broken bundled default: fail loudly at start, not per event.
            throw new IllegalStateException("bundled/restored policy packs are invalid: " + result.errors());
        }
        policies = result.policies();
        fingerprint = result.fingerprint();
    }

    /**
     * Applies an update to the broadcast state: a valid candidate replaces the enforcing set; an
     * invalid one is remembered as rejected. Returns null for an update that changes nothing
     * (an unchanged directory poll, or the same invalid set again).
     */
    public Outcome apply(PolicyUpdate update, BroadcastState<String, String> state) throws Exception {
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
                : PolicyLoader.loadShared(candidate);
        if (result.ok() && result.fingerprint().equals(fingerprint) && !fromDefault) {
            return null;
        }
        if (!result.ok() && result.fingerprint().equals(rejectedFingerprint) && !result.fingerprint().isEmpty()) {
            return null;
        }
        if (result.ok()) {
            state.clear();
            state.putAll(candidate);
            policies = result.policies();
            fingerprint = result.fingerprint();
        } else {
            rejectedFingerprint = result.fingerprint();
        }
        return new Outcome(result, current);
    }
}
