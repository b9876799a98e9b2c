package com.shopwatch.feedback;

import com.shopwatch.model.Decision;
import java.util.Arrays;

/**
 * Rolling decision counts of one rule × country × mode: {@value #BUCKETS} buckets spanning the
 * window, so precision is "over the last window" to within one bucket. Escalations are counted
 * but are not verdicts. A Flink POJO (arrays, not collections, keep it compact in state).
 */
public class PrecisionWindow {
    public static final int BUCKETS = 24;

    public long windowMs;
    public long bucketMs;
    public long[] starts = new long[0];
    public int[] violating = new int[0];
    public int[] notViolating = new int[0];
    public int[] escalated = new int[0];
    /** The newest verdict's source and policy version, for the record and the alert. */
    public String source;
    public String policyVersion;
    public long policyVersionAtMs = Long.MIN_VALUE;
    /** True while the floor alert is raised: it is raised once, and cleared with a recovery record. */
    public boolean belowFloor;

    public PrecisionWindow() {}

    public static PrecisionWindow of(long windowMs) {
        PrecisionWindow w = new PrecisionWindow();
        w.windowMs = windowMs;
        w.bucketMs = Math.max(1, windowMs / BUCKETS);
        return w;
    }

    /** Counts (or, with weight -1, retracts) one verdict in the bucket of its decision time. */
    public void add(Verdict v) {
        long start = Math.floorDiv(v.decidedAtMs, bucketMs) * bucketMs;
        int i = Arrays.binarySearch(starts, start);
        if (i < 0) {
            if (v.weight < 0) {
                return; // its bucket already left the window: nothing to retract
            }
            i = -i - 1;
            starts = insert(starts, i, start);
            violating = insert(violating, i);
            notViolating = insert(notViolating, i);
            escalated = insert(escalated, i);
        }
        switch (Decision.fromCode(v.decision)) {
            case VIOLATING: violating[i] = Math.max(0, violating[i] + v.weight); break;
            case NOT_VIOLATING: notViolating[i] = Math.max(0, notViolating[i] + v.weight); break;
            default: escalated[i] = Math.max(0, escalated[i] + v.weight);
        }
        if (v.weight > 0 && v.decidedAtMs >= policyVersionAtMs) {
            source = v.source;
            policyVersion = v.policyVersion;
            policyVersionAtMs = v.decidedAtMs;
        }
    }

    /** Drops the buckets that ended at or before {@code end - windowMs}. */
    public void expire(long end) {
        int keep = 0;
        while (keep < starts.length && starts[keep] + bucketMs <= end - windowMs) {
            keep++;
        }
        if (keep > 0) {
            starts = Arrays.copyOfRange(starts, keep, starts.length);
            violating = Arrays.copyOfRange(violating, keep, violating.length);
            notViolating = Arrays.copyOfRange(notViolating, keep, notViolating.length);
            escalated = Arrays.copyOfRange(escalated, keep, escalated.length);
        }
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    /** The newest bucket's end: after it leaves the window, the state can go. */
    public long lastBucketEnd() {
        return starts.length == 0 ? Long.MIN_VALUE : starts[starts.length - 1] + bucketMs;
    }

    /**
     * Violating, not violating and escalated verdicts in the buckets that began before
     * {@code end}: a report for a window never counts decisions taken after it, even when it is
     * written late (a replay, a backlog).
     */
    public long[] totals(long end) {
        long[] t = new long[3];
        for (int i = 0; i < starts.length && starts[i] < end; i++) {
            t[0] += violating[i];
            t[1] += notViolating[i];
            t[2] += escalated[i];
        }
        return t;
    }

    /** Violating ÷ (violating + not violating) of {@link #totals}; null without verdicts. */
    public static Double precision(long[] totals) {
        long judged = totals[0] + totals[1];
        return judged == 0 ? null : (double) totals[0] / judged;
    }

    private static long[] insert(long[] a, int i, long value) {
        long[] b = new long[a.length + 1];
        System.arraycopy(a, 0, b, 0, i);
        b[i] = value;
        System.arraycopy(a, i, b, i + 1, a.length - i);
        return b;
    }

    private static int[] insert(int[] a, int i) {
        int[] b = new int[a.length + 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i, b, i + 1, a.length - i);
        return b;
    }
}
