package com.shopwatch.pipeline.feedback;

import com.shopwatch.decode.DeadLetter;
import com.shopwatch.decode.DeadLetterReason;
import com.shopwatch.feedback.ModeratorDecision;
import com.shopwatch.feedback.TaskOutline;
import com.shopwatch.feedback.Verdict;
import com.shopwatch.review.ReviewTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * arrived by then it is dead-lettered as {@code unknown_task}. Reasons a task does not have are
 * dead-lettered as {@code unknown_reason}; the rest of the decision still counts. Tasks are kept
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
            early.sort(Comparator.comparingLong(d -> d.decidedAtMs));
            for (ModeratorDecision d : early) {
                apply(o, d, ctx, out);
            }
            waiting.clear();
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
        if (outline.value() != null) {
            return; // the task arrived; its waiting decisions were applied then
        }
        List<ModeratorDecision> still = new ArrayList<>();
        for (ModeratorDecision d : waiting.get()) {
            if (d.decidedAtMs + waitMs <= timestamp) {
                unmatched.inc();
                ctx.output(UNMATCHED, DeadLetter.forDecision(d, DeadLetterReason.UNKNOWN_TASK, "decision on task " + d.taskId
                        + " by " + d.moderatorId + " at " + Instant.ofEpochMilli(d.decidedAtMs) + ": no such task within "
                        + durationText(waitMs) + " of event time after the decision (unknown task id, or the task expired)"));
            } else {
                still.add(d);
            }
        }
        waiting.update(still);
    }

    /** 3600000 → "1 h", 90000 → "90 s": how the options are written. */
    static String durationText(long ms) {
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        return ms > 0 && ms % 60_000 == 0 ? ms / 60_000 + " min" : ms / 1000 + " s";
    }

    private void apply(TaskOutline o, ModeratorDecision d, Context ctx, Collector<Verdict> out) {
        List<Verdict> verdicts = new ArrayList<>();
        List<String> unknown = o.judge(d, verdicts);
        joined.inc();
        verdicts.forEach(out::collect);
        if (!unknown.isEmpty()) {
            unmatched.inc();
            ctx.output(UNMATCHED, DeadLetter.forDecision(d, DeadLetterReason.UNKNOWN_REASON, "decision on task " + d.taskId
                    + " by " + d.moderatorId + " names reason(s) " + unknown + " the task does not have (its reasons: "
                    + o.ruleIds() + ")" + (unknown.size() < d.reasons.length ? "; its other reasons were counted" : "")));
        }
    }
}
