package com.shopwatch.pipeline.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniClusters of the end-to-end tests: one TaskManager, two slots (parallelism 2) unless a test needs one. */
public final class MiniClusters {
    private MiniClusters() {}

    public static MiniClusterExtension oneTaskManagerTwoSlots() {
        return oneTaskManager(2);
    }

    /** One TaskManager with {@code slots} slots (one: the savepoint tests, whose savepoints are taken at parallelism 1). */
    public static MiniClusterExtension oneTaskManager(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }
}
