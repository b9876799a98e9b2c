package com.shopwatch.pipeline.testing;

import com.shopwatch.pipeline.ShopwatchJob;
import com.shopwatch.pipeline.options.JobOptions;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * The state backend the keyed harness tests run on, chosen per run of a test class by
 * {@link OnBothStateBackends}: the heap (hashmap) or RocksDB configured as the job configures it
 * (incremental checkpoints, heap timers, bloom filters). A state change made without
 * {@code update()} works on the heap and is lost on RocksDB, so running both catches it.
 * The factories build harnesses as {@code ProcessFunctionTestHarnesses} does (max parallelism 1,
 * one subtask), with the current backend set before they open.
 */
public final class StateBackends {
    public enum Kind { HASHMAP, ROCKSDB }

    private static volatile Kind current = Kind.HASHMAP;

    private StateBackends() {}

    public static void use(Kind kind) {
        current = kind;
    }

    public static Kind current() {
        return current;
    }

    /** A new backend of the current kind. */
    public static StateBackend backend() {
        return switch (current) {
            case HASHMAP -> new HashMapStateBackend();
            case ROCKSDB -> rocksDb(true);
        };
    }

    /**
     * RocksDB configured as the job configures it. A harness restored from an incremental
     * snapshot cannot snapshot again (its shared files are placeholders only a checkpoint
     * coordinator replaces): tests that restore more than once take full snapshots.
     */
    public static StateBackend rocksDb(boolean incremental) {
        Configuration conf = ShopwatchJob.flinkConfiguration(JobOptions.defaults());
        // A harness has almost no managed memory; RocksDB's own buffers keep it quiet and quick.
        conf.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
        return new EmbeddedRocksDBStateBackend(incremental).configure(conf, StateBackends.class.getClassLoader());
    }

    /** Sets the current backend on a harness that has not been opened (or restored) yet. */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H on(H harness) {
        harness.setStateBackend(backend());
        return harness;
    }

    public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> unopenedKeyedProcessFunction(
            KeyedProcessFunction<K, IN, OUT> function, KeySelector<IN, K> key, TypeInformation<K> keyType) throws Exception {
        return on(new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, keyType, 1, 1, 0));
    }

    public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> forKeyedProcessFunction(
            KeyedProcessFunction<K, IN, OUT> function, KeySelector<IN, K> key, TypeInformation<K> keyType) throws Exception {
        var h = unopenedKeyedProcessFunction(function, key, keyType);
        h.open();
        return h;
    }

    public static <K, IN1, IN2, OUT> KeyedTwoInputStreamOperatorTestHarness<K, IN1, IN2, OUT> forKeyedCoProcessFunction(
            KeyedCoProcessFunction<K, IN1, IN2, OUT> function, KeySelector<IN1, K> key1, KeySelector<IN2, K> key2,
            TypeInformation<K> keyType) throws Exception {
        var h = on(new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function), key1, key2, keyType, 1, 1, 0));
        h.open();
        return h;
    }

    public static <K, IN1, IN2, OUT> KeyedBroadcastOperatorTestHarness<K, IN1, IN2, OUT> unopenedKeyedBroadcast(
            KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function, KeySelector<IN1, K> key, TypeInformation<K> keyType,
            MapStateDescriptor<?, ?>... descriptors) throws Exception {
        return on(new KeyedBroadcastOperatorTestHarness<>(operator(function, Arrays.asList(descriptors)), key, keyType, 1, 1, 0));
    }

    /** The operator the job runs the function in: a detector's writes back its heap-held state. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <K, IN1, IN2, OUT> CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> operator(
            KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function, java.util.List<MapStateDescriptor<?, ?>> descriptors) {
        if (function instanceof com.shopwatch.pipeline.detectors.PolicyAwareDetector detector) {
            return (CoBroadcastWithKeyedOperator) new com.shopwatch.pipeline.detectors.HotStateDetectorOperator<>(detector, descriptors);
        }
        return new CoBroadcastWithKeyedOperator<>(function, descriptors);
    }

    public static <K, IN1, IN2, OUT> KeyedBroadcastOperatorTestHarness<K, IN1, IN2, OUT> forKeyedBroadcastProcessFunction(
            KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function, KeySelector<IN1, K> key, TypeInformation<K> keyType,
            MapStateDescriptor<?, ?>... descriptors) throws Exception {
        var h = unopenedKeyedBroadcast(function, key, keyType, descriptors);
        h.open();
        return h;
    }

    /**
     * Keyed state entries of the harness's operator (values held on the heap written to the
     * backend first, wherever a checkpoint would keep them), counted as the heap counts them: one per state
     * × key × namespace (a map state with many entries is one), timers not counted. On RocksDB, whose
     * own count has a row per map entry, the same figure comes from its states' keys and namespaces.
     */
    public static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> h) {
        try { // held on the heap: counted where the backend would keep them
            if (h.getOperator() instanceof com.shopwatch.pipeline.detectors.HotStateDetectorOperator<?> hot) {
                hot.writeBackHotState();
            } else if (h.getOperator() instanceof com.shopwatch.pipeline.tasks.HeldStateKeyedProcessOperator<?, ?> held) {
                held.writeBackHeldState();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        KeyedStateBackend<?> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        if (backend instanceof HeapKeyedStateBackend<?> heap) {
            return heap.numKeyValueStateEntries();
        }
        if (backend instanceof RocksDBKeyedStateBackend<?> rocks) {
            long entries = 0;
            for (String state : rocksDbStateNames(rocks)) {
                try (Stream<?> keys = rocks.getKeysAndNamespaces(state)) {
                    entries += keys.count();
                }
            }
            return Math.toIntExact(entries);
        }
        throw new IllegalStateException("unexpected keyed state backend " + backend.getClass());
    }

    /** The key/value states registered in a RocksDB backend (its column families other than timers'). */
    @SuppressWarnings("unchecked")
    private static Set<String> rocksDbStateNames(RocksDBKeyedStateBackend<?> rocks) {
        try {
            Method info = RocksDBKeyedStateBackend.class.getDeclaredMethod("getKvStateInformation");
            info.setAccessible(true);
            return ((Map<String, ?>) info.invoke(rocks)).keySet();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RocksDBKeyedStateBackend.getKvStateInformation is gone", e);
        }
    }
}
