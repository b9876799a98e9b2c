package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The local launcher ({@code bin/shopwatch run}): the same job on an embedded MiniCluster, sized
 * for a laptop rather than left at the MiniCluster's defaults.
 */
public final class LocalRun {
    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        JobOptions options = ShopwatchJob.parseOrExit(new Configuration(), args);
        if (options.eventInput() == null) {
            // The try-out default: no input named means the synthetic traffic, here only.
            options = options.with("source", "generator");
        }
        ShopwatchJob job = ShopwatchJob.wireOrExit(options);
        // The tasks run in this JVM and share compiled policy sets by content: compiling the
        // default set now overlaps it with the MiniCluster's start instead of the first events.
        Map<String, String> defaults = job.defaultPolicies();
        Thread warmUp = new Thread(() -> PolicyLoader.loadShared(defaults), "policy-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(localConfiguration(options));
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
        job.execute(env);
        // The job is done and the MiniCluster closed, but some of its pools' non-daemon threads
        // linger for up to a second before they time out (a third of the sample's runs waited so).
        System.exit(0);
    }

    /** The job's Flink configuration plus what a MiniCluster needs to run it well. */
    public static Configuration localConfiguration(JobOptions options) throws IOException {
        Configuration conf = ShopwatchJob.flinkConfiguration(options);
        if (options.checkpointDir() == null) {
            // Without a directory, checkpoints go to the JobManager's memory, which caps state at
            // 5 MB: the detectors outgrow that within minutes of traffic.
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Files.createTempDirectory("shopwatch-checkpoints").toUri().toString());
        }
        // The MiniCluster's default of 128 MB of managed memory is split across every RocksDB
        // instance of a slot (one per keyed operator): a few MB each, so every extra keyed
        // operator slowed the hot detectors (more flushes and compactions).
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE,
                MemorySize.parse(System.getProperty("shopwatch.local.managed-memory", "512m")));
        return conf;
    }
}
