package com.shopwatch.pipeline.feedback;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import com.shopwatch.policy.DetectorParam;
import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.feedback.TaskOutline;
import com.shopwatch.feedback.Verdict;
import com.shopwatch.review.ReviewTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins moderator decisions to the tasks they judge, keyed by task id: input 1 is the review
 * tasks and shadow samples (every revision), input 2 the decisions. Emits one {@link Verdict} per
 * judged reason, and a retraction when a newer decision changes an earlier one.
 *
 * <p>A decision can overtake its task (another partition, a replay): it waits, in state, until
 * {@code --feedback.decision-wait} of event time past its own time; if no task with its id
 * arrived by then it is dead-lettered as {@code unknown_task}. Reasons the task does not have
 * (yet: its revision may be on the way) wait the same way, then are dead-lettered as
 * {@code unknown_reason}; the rest of the decision counts at once. Tasks are kept
 * {@code --feedback.task-ttl} (processing time) — decisions on older tasks are unknown.
 */
public final class DecisionJoin extends KeyedCoProcessFunction<String, ReviewTask, ModeratorDecision, Verdict> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> UNMATCHED = new OutputTag<>("unmatched-decisions") {};

    private final long waitMs;
    private final Duration taskTtl;
    private transient ValueState<TaskOutline> outline;
    private transient ListState<ModeratorDecision> waiting;
    private transient Counter joined;
    private transient Counter unmatched;

    public DecisionJoin(Duration decisionWait, Duration taskTtl) {
        this.waitMs = decisionWait.toMillis();
        this.taskTtl = taskTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(taskTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        ValueStateDescriptor<TaskOutline> outlineDescriptor =
                new ValueStateDescriptor<>("task-outline", TypeInformation.of(TaskOutline.class));
        outlineDescriptor.enableTimeToLive(ttl);
        outline = getRuntimeContext().getState(outlineDescriptor);
        ListStateDescriptor<ModeratorDecision> waitingDescriptor =
                new ListStateDescriptor<>("decisions-waiting-for-task", TypeInformation.of(ModeratorDecision.class));
        waitingDescriptor.enableTimeToLive(ttl);
        waiting = getRuntimeContext().getListState(waitingDescriptor);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("shopwatch").addGroup("feedback");
        joined = group.counter("decisionsJoined");
        unmatched = group.counter("decisionsUnmatched");
    }

    @Override
    public void processElement1(ReviewTask task, Context ctx, Collector<Verdict> out) throws Exception {
        TaskOutline o = outline.value();
        if (o == null) {
            o = new TaskOutline();
        }
        o.merge(task);
        List<ModeratorDecision> early = new ArrayList<>();
        for (ModeratorDecision d : waiting.get()) {
            early.add(d);
        }
        if (!early.isEmpty()) {
            waiting.clear();
            early.sort(Comparator.comparingLong(d -> d.decidedAtMs));
            for (ModeratorDecision d : early) {
                apply(o, d, ctx, out);
            }
        }
        outline.update(o);
    }

    @Override
    public void processElement2(ModeratorDecision decision, Context ctx, Collector<Verdict> out) throws Exception {
        TaskOutline o = outline.value();
        if (o == null) {
            waiting.add(decision);
            ctx.timerService().registerEventTimeTimer(decision.decidedAtMs + waitMs);
            return;
        }
        apply(o, decision, ctx, out);
        outline.update(o);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Verdict> out) throws Exception {
        TaskOutline o = outline.value();
        List<ModeratorDecision> still = new ArrayList<>();
        for (ModeratorDecision d : waiting.get()) {
            if (d.decidedAtMs + waitMs > timestamp) {
                still.add(d);
            } else if (o == null) {
                unmatched.inc();
                ctx.output(UNMATCHED, DeadLetter.forDecision(d, DeadLetterReason.UNKNOWN_TASK, "decision on task " + d.taskId
                        + " by " + d.moderatorId + " at " + Instant.ofEpochMilli(d.decidedAtMs) + ": no such task within "
                        + DetectorParam.formatDuration(waitMs) + " of event time after the decision (unknown task id, or the task expired)"));
            } else {
                unmatched.inc();
                ctx.output(UNMATCHED, DeadLetter.forDecision(d, DeadLetterReason.UNKNOWN_REASON, "decision on task " + d.taskId
                        + " by " + d.moderatorId + " names reason(s) " + Arrays.toString(d.reasons)
                        + " the task does not have (its reasons: " + o.ruleIds() + "); any other reasons it named were counted"));
            }
        }
        waiting.update(still);
    }

    /**
     * Counts what the decision says about the reasons the task has; reasons it does not have yet
     * (a revision still on its way) wait like a decision on an unknown task.
     */
    private void apply(TaskOutline o, ModeratorDecision d, Context ctx, Collector<Verdict> out) throws Exception {
        List<Verdict> verdicts = new ArrayList<>();
        List<String> unknown = o.judge(d, verdicts);
        verdicts.forEach(out::collect);
        if (unknown.isEmpty()) {
            joined.inc();
            return;
        }
        ModeratorDecision rest = new ModeratorDecision();
        rest.taskId = d.taskId;
        rest.reasons = unknown.toArray(new String[0]);
        rest.decision = d.decision;
        rest.moderatorId = d.moderatorId;
        rest.decidedAtMs = d.decidedAtMs;
        rest.origin = d.origin;
        waiting.add(rest);
        ctx.timerService().registerEventTimeTimer(d.decidedAtMs + waitMs);
    }
}
