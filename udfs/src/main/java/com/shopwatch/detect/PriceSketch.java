package com.shopwatch.detect;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Prices of one category × country in a bounded, mergeable quantile sketch (DataSketches KLL,
 * rank error about 1.3 % at k = 200, a few KB however many prices). Time buckets keep one sketch
 * each; the rolling median merges the buckets of the window.
 */
public final class PriceSketch {
    static final int K = 200;

    private final KllDoublesSketch sketch;

    private PriceSketch(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    public static PriceSketch empty() {
        return new PriceSketch(KllDoublesSketch.newHeapInstance(K));
    }

    /** A sketch from its serialized form (state), or an empty one for null. */
    public static PriceSketch of(byte[] bytes) {
        return bytes == null ? empty() : new PriceSketch(KllDoublesSketch.heapify(Memory.wrap(bytes)));
    }

    public PriceSketch add(double price) {
        sketch.update(price);
        return this;
    }

    public PriceSketch merge(PriceSketch other) {
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
        return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE);
    }

    public byte[] toBytes() {
        return sketch.toByteArray();
    }
}
