package com.shopwatch.pipeline.sources;

import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.policy.PolicyUpdate;
import java.nio.file.Paths;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Emits a snapshot of a policy directory each time it is called, every {@code interval} after
 * the first. The evaluator ignores snapshots whose content did not change, so an edit to a pack
 * file is enforced within one interval. It paces itself by sleeping: this source only serves
 * local runs, where a checkpoint waiting up to one interval for it is harmless.
 */
final class PolicyDirectoryPoller implements GeneratorFunction<Long, PolicyUpdate> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final long intervalMillis;

    PolicyDirectoryPoller(String directory, long intervalMillis) {
        this.directory = directory;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public PolicyUpdate map(Long index) throws InterruptedException {
        if (index > 0) {
            Thread.sleep(intervalMillis);
        }
        try {
            return PolicyUpdate.snapshot(PolicyLoader.readDirectory(Paths.get(directory)), directory);
        } catch (RuntimeException e) {
            // A missing or unreadable directory is a rejected update, not a failed job.
            return PolicyUpdate.unreadable(e.getMessage(), directory);
        }
    }
}
