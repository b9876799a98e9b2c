package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.StateKeyOrder;
import java.util.Comparator;

/**
 * The order a RocksDB map state iterates its string keys in ({@link StateKeyOrder#SERIALIZED}).
 * Sellers that moved out of a map into a value are listed in it, so evidence names the same
 * sellers in the same order as before.
 */
final class MapStateKeyOrder {
    static final Comparator<String> STRINGS = StateKeyOrder.SERIALIZED;

    private MapStateKeyOrder() {}
}
