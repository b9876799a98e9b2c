package com.shopwatch.pipeline.types;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Which keys a subtask owns: of union operator state, which every subtask reads whole on restore
 * (the records an operator holds for the watermark), each keeps those whose key group is its own,
 * where its keyed state and the restored timers for them live.
 */
public final class OwnedKeys {
    private OwnedKeys() {}

    /** True when {@code key}'s key group belongs to the subtask {@code task} describes. */
    public static boolean belongsHere(Object key, TaskInfo task) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask();
    }
}
