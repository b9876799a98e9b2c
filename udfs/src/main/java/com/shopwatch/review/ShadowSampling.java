package com.shopwatch.review;

import com.shopwatch.model.NameBasedIds;
import java.util.UUID;

/**
 * Which shadow matches go to moderators so shadow rules can be judged. The choice is a hash of
 * the flag id, not a random draw: a replay, a restore or another parallel instance samples the
 * same flags, and a sample's task id is derived from its flag id.
 */
public final class ShadowSampling {
    private ShadowSampling() {}

    public static boolean sampled(String flagId, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        UUID u = NameBasedIds.uuid(flagId);
        // 53 well-mixed bits of the MD5-based UUID as a uniform number in [0, 1).
        double unit = (u.getMostSignificantBits() >>> 11) * 0x1.0p-53;
        return unit < rate;
    }

    public static String taskId(String flagId) {
        return NameBasedIds.uuid("shadow-sample\u0000" + flagId).toString();
    }
}
