package com.shopwatch.review;

/** The flood breaker's view of one rule in one country. A Flink POJO (keyed state). */
public class BreakerState {
    /** Start of the event-time window being counted, and its enforce-mode flags so far. */
    public long window = Long.MIN_VALUE;
    public long count;
    /** Exponentially weighted flags per window before the current one. */
    public double baseline;
    /** Windows of history behind the baseline (a key with fewer than the warm-up has no trusted baseline). */
    public int windows;
    public boolean tripped;
    /** The policy version in force when the breaker tripped: a different one re-arms it. */
    public String trippedVersion;

    public BreakerState() {}
}
