package com.shopwatch.pipeline.policies;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The broadcast state every policy-following operator shares: the policy evaluator, each
 * detector and the precision monitor keep the enforcing pack set in it, so one restore brings
 * back the same set everywhere.
 */
public final class PolicyBroadcast {
    private PolicyBroadcast() {}

    /** Pack file name → YAML text of the enforcing set. Name and types are savepoint-stable. */
    public static final MapStateDescriptor<String, String> PACKS =
            new MapStateDescriptor<>("policy-packs", Types.STRING, Types.STRING);
}
