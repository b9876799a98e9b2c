package com.shopwatch.detect;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Values (prices of one category × country; detection latencies of a metrics window) in a
 * bounded, mergeable quantile sketch (DataSketches KLL,
 * rank error about 1.3 % at k = 200, a few KB however many prices). Time buckets keep one sketch
 * each; the rolling median merges the buckets of the window.
 */
public final class QuantileSketch {
    static final int K = 200;

    private final KllDoublesSketch sketch;

    private QuantileSketch(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    public static QuantileSketch empty() {
        return new QuantileSketch(KllDoublesSketch.newHeapInstance(K));
    }

    /** A sketch from its serialized form (state), or an empty one for null. */
    public static QuantileSketch of(byte[] bytes) {
        return bytes == null ? empty() : new QuantileSketch(KllDoublesSketch.heapify(Memory.wrap(bytes)));
    }

    public QuantileSketch add(double price) {
        sketch.update(price);
        return this;
    }

    public QuantileSketch merge(QuantileSketch other) {
        if (!other.sketch.isEmpty()) {
            sketch.merge(other.sketch);
        }
        return this;
    }

    public long count() {
        return sketch.getN();
    }

    /** The median, or NaN when empty. */
    public double median() {
        return quantile(0.5);
    }

    /** The value at normalised rank {@code rank} (0.95 = p95), or NaN when empty. */
    public double quantile(double rank) {
        return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }

    public byte[] toBytes() {
        return sketch.toByteArray();
    }
}
