package com.shopwatch.pipeline.sources;

import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.policy.PolicyUpdate;
import java.nio.file.Paths;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Emits a snapshot of a policy directory each time it is called (the generator source paces
 * the calls). The evaluator ignores snapshots whose content did not change, so an edit to a
 * pack file is enforced within one poll interval.
 */
final class PolicyDirectoryPoller implements GeneratorFunction<Long, PolicyUpdate> {
    private static final long serialVersionUID = 1L;

    private final String directory;

    PolicyDirectoryPoller(String directory) {
        this.directory = directory;
    }

    @Override
    public PolicyUpdate map(Long index) {
        try {
            return PolicyUpdate.snapshot(PolicyLoader.readDirectory(Paths.get(directory)), directory);
        } catch (RuntimeException e) {
            // A missing or unreadable directory is a rejected update, not a failed job.
            return PolicyUpdate.unreadable(e.getMessage(), directory);
        }
    }
}
