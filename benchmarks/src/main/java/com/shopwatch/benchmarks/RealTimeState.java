package com.shopwatch.benchmarks;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * The state settings of a real-time deployment beyond the job's defaults, as the sample cluster
 * config ({@code config/flink/config.yaml}) sets them, for a local cluster.
 */
final class RealTimeState {
    private RealTimeState() {}

    /**
     * Flink's state changelog over RocksDB, its log in {@code dir}: a checkpoint persists the
     * state changes since the last one instead of flushing every RocksDB instance's memtables in
     * the task thread, which stalled the slowest keyed task 0.9-1.8 s per checkpoint at 6 000
     * events/s (109-129 ms with the changelog); RocksDB is
     * materialised in the background (every 10 min, Flink's default). With it, timers live in
     * RocksDB, as the job requires (see {@code ShopwatchJob.flinkConfiguration}).
     */
    static void changelog(Configuration conf, Path dir) {
        conf.setString("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        conf.setString("state.changelog.enabled", "true");
        conf.setString("state.changelog.storage", "filesystem");
        conf.setString("state.changelog.dstl.dfs.base-path", dir.toUri().toString());
    }
}
