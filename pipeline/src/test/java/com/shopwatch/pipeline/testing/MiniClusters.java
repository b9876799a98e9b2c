package com.shopwatch.pipeline.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The shared MiniCluster of the end-to-end tests: one TaskManager, two slots (parallelism 2). */
public final class MiniClusters {
    private MiniClusters() {}

    public static MiniClusterExtension oneTaskManagerTwoSlots() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
