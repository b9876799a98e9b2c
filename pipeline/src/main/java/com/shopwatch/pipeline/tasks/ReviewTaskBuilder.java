package com.shopwatch.pipeline.tasks;

import com.shopwatch.review.Escalation;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.review.ReviewTask;
import com.shopwatch.review.ReviewTasks;
import com.shopwatch.review.TaskEpisode;
import com.shopwatch.review.TaskReason;
import com.shopwatch.review.TaskRouting;
import com.shopwatch.pipeline.types.HotValueState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns enforce-mode flags into review tasks: one task per item episode. Keyed by item.
 *
 * <p>Reasons that hit the item within {@code --tasks.merge-window} (event time) of the first one
 * are emitted together; a later new reason updates the task (same id, revision + 1, after its own
 * merge window); a reason the task already has — the same rule or detector again, e.g. an
 * update of the listing — produces nothing. The episode ends {@code --tasks.episode-ttl} after its
 * last flag (event time); a flag after that opens a new task. A task whose highest severity is
 * critical also goes, once, to the escalation output.
 */
public final class ReviewTaskBuilder extends KeyedProcessFunction<String, ReviewFlag, ReviewTask>
        implements HeldStateKeyedProcessOperator.HeldOnHeap {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Escalation> ESCALATIONS = new OutputTag<>("escalations") {};

    private final long mergeWindowMs;
    private final long episodeTtlMs;
    private final TaskRouting routing;
    /** Keys whose episode stays on the heap between checkpoints (a replay's; 0: every change goes to state at once). */
    private int hotKeys;
    /** Read and written for every flag and timer: held on the heap in a replay, written back by its operator. */
    private transient HotValueState<TaskEpisode> episode;
    private transient Counter tasksOpened;
    private transient Counter tasksUpdated;
    private transient Counter escalations;

    public ReviewTaskBuilder(Duration mergeWindow, Duration episodeTtl, TaskRouting routing) {
        this.mergeWindowMs = mergeWindow.toMillis();
        this.episodeTtlMs = episodeTtl.toMillis();
        this.routing = routing;
    }

    /** Episodes held on the heap per subtask at most, whatever {@link #withHotKeys} asks: one carries its reasons' evidence (~1–2 KB). */
    public static final int MAX_HELD_EPISODES = 50_000;

    /**
     * Keeps the episodes of up to {@code keys} items (at most {@link #MAX_HELD_EPISODES}) on the
     * heap between checkpoints (option {@code detectors.hot-keys}, a replay's default); the
     * function must then run in a {@link HeldStateKeyedProcessOperator}, which writes them back.
     * 0 (the default): none held.
     */
    public ReviewTaskBuilder withHotKeys(int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("hot keys must be >= 0, got " + keys);
        }
        this.hotKeys = Math.min(keys, MAX_HELD_EPISODES);
        return this;
    }

    @Override
    public HotValueState<?> heldState() {
        return episode;
    }

    public static String key(ReviewFlag f) {
        return f.itemType + "|" + f.itemId;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<TaskEpisode> d = new ValueStateDescriptor<>("task-episode", TypeInformation.of(TaskEpisode.class));
        episode = new HotValueState<>(getRuntimeContext().getState(d), d, hotKeys);
        var group = getRuntimeContext().getMetricGroup().addGroup("shopwatch").addGroup("tasks");
        tasksOpened = group.counter("opened");
        tasksUpdated = group.counter("updated");
        escalations = group.counter("escalated");
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewTask> out) throws Exception {
        String key = ctx.getCurrentKey();
        TaskEpisode ep = episode.value(key, false);
        if (ep == null) {
            ep = new TaskEpisode();
            ep.itemType = flag.itemType;
            ep.itemId = flag.itemId;
        }
        if (ep.knows(flag.ruleId)) {
            return; // a repeat of a known reason: nothing new for the moderator
        }
        if (flag.accountId != null) {
            ep.accountId = flag.accountId;
        }
        ep.country = flag.country;
        if (flag.language != null) {
            ep.language = flag.language;
            ep.languageSource = flag.languageSource;
            ep.languageDetected = flag.languageDetected;
        }
        TaskReason reason = TaskReason.of(flag);
        // A detector's flag is known only at the event that completed its finding (the record's
        // timestamp), which may be later than the item's event: group by when it became known,
        // which every replay agrees on, rather than by when it arrived here.
        reason.knownAtMs = ctx.timestamp() == null ? flag.eventTimeMs : Math.max(flag.eventTimeMs, ctx.timestamp());
        TaskReason[] pending = Arrays.copyOf(ep.pending, ep.pending.length + 1);
        pending[ep.pending.length] = reason;
        ep.pending = pending;
        if (ep.revision < 0) {
            ep.episodeStart = Math.min(ep.episodeStart, flag.eventTimeMs);
        }
        ep.lastActivity = Math.max(ep.lastActivity, flag.eventTimeMs);
        // The emission is due a merge window after its earliest pending reason, whatever order
        // the reasons arrive in (another partition may run ahead).
        long due = reason.knownAtMs + mergeWindowMs;
        if (ep.mergeAt == Long.MIN_VALUE || due < ep.mergeAt) {
            ep.mergeAt = due;
            ctx.timerService().registerEventTimeTimer(ep.mergeAt);
        }
        ctx.timerService().registerEventTimeTimer(ep.lastActivity + episodeTtlMs);
        episode.update(key, ep);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewTask> out) throws Exception {
        String key = ctx.getCurrentKey();
        TaskEpisode ep = episode.value(key, false);
        if (ep == null) {
            return;
        }
        boolean merged = ep.mergeAt != Long.MIN_VALUE && timestamp >= ep.mergeAt && ep.pending.length > 0;
        if (merged) {
            // Only reasons from before the merge window's end go out now; a later one that arrived
            // early (another partition ran ahead) opens the next revision, so the grouping
            // depends on event time only, not on arrival order.
            List<TaskReason> batch = new ArrayList<>();
            List<TaskReason> next = new ArrayList<>();
            for (TaskReason r : ep.pending) {
                (r.knownAtMs < ep.mergeAt ? batch : next).add(r);
            }
            batch.sort(Comparator.comparingLong((TaskReason r) -> r.eventTimeMs).thenComparing(r -> r.ruleId));
            for (TaskReason r : batch) {
                // the history of the reasons published, not of every flag that has arrived
                ep.accountFlaggedItems = Math.max(ep.accountFlaggedItems, r.accountFlaggedItems);
            }
            if (ep.taskId == null) {
                ep.taskId = ReviewTasks.taskId(ep.itemType, ep.itemId, ep.episodeStart);
            }
            List<TaskReason> all = new ArrayList<>(Arrays.asList(ep.reasons));
            all.addAll(batch);
            ep.reasons = all.toArray(new TaskReason[0]);
            ep.pending = next.toArray(new TaskReason[0]);
            ep.mergeAt = Long.MIN_VALUE;
            if (!next.isEmpty()) {
                ep.mergeAt = next.stream().mapToLong(r -> r.knownAtMs).min().getAsLong() + mergeWindowMs;
                ctx.timerService().registerEventTimeTimer(ep.mergeAt);
            }
            ep.revision++;
            ReviewTask task = toTask(ep);
            out.collect(task);
            (ep.revision == 0 ? tasksOpened : tasksUpdated).inc();
            if (task.escalated && !ep.escalated) {
                ep.escalated = true;
                escalations.inc();
                ctx.output(ESCALATIONS, Escalation.of(task));
            }
        }
        if (ep.pending.length == 0 && timestamp >= ep.lastActivity + episodeTtlMs) {
            episode.clear(key); // the episode is over: a later flag opens a new task
            return;
        }
        if (merged) {
            episode.update(key, ep); // other timers (an expiry superseded by a later flag) change nothing: no write
        }
    }

    private ReviewTask toTask(TaskEpisode ep) {
        ReviewTask t = new ReviewTask();
        t.taskId = ep.taskId;
        t.revision = ep.revision;
        t.itemType = ep.itemType;
        t.itemId = ep.itemId;
        t.accountId = ep.accountId;
        t.country = ep.country;
        t.language = ep.language;
        t.languageSource = ep.languageSource;
        t.languageDetected = ep.languageDetected;
        t.reasons = ep.reasons;
        t.accountFlaggedItems = ep.accountFlaggedItems;
        t.firstEventTimeMs = ep.episodeStart;
        t.firstEventTime = Instant.ofEpochMilli(ep.episodeStart).toString();
        ReviewTasks.complete(t, routing, System.currentTimeMillis());
        return t;
    }
}
