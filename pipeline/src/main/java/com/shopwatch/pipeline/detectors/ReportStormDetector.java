package com.shopwatch.pipeline.detectors;

import com.shopwatch.detect.ActivityWindow;
import com.shopwatch.detect.DetectorFlags;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorParam;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * A video reported by at least M distinct users within a window. Keyed by video id. A reporter
 * counts once per window: repeats within the window only refresh their time, so one user's
 * flood cannot make a storm. O(1) state work per report: the window counts first reports
 * (bucketed); the reporter map is only scanned by the cleanup timer.
 */
public final class ReportStormDetector extends PolicyAwareDetector<ReviewFlag> {
    private static final long serialVersionUID = 1L;

    private transient MapState<String, Long> reporters;
    private transient ValueState<ActivityWindow> firstReports;

    public ReportStormDetector(Map<String, String> defaultPacks, Duration allowedLateness, Duration stateTtl) {
        super(DetectorKind.REPORT_STORM, defaultPacks, allowedLateness, stateTtl);
    }

    public static boolean counts(CommerceEvent e) {
        return e.type == EventType.VIDEO && e.action == EventAction.REPORTED && e.reporterId != null && e.itemId != null;
    }

    public static String key(CommerceEvent e) {
        return e.itemId;
    }

    @Override
    protected void openState() {
        MapStateDescriptor<String, Long> r = new MapStateDescriptor<>("reporters", Types.STRING, Types.LONG);
        r.enableTimeToLive(ttl());
        reporters = getRuntimeContext().getMapState(r);
        ValueStateDescriptor<ActivityWindow> w = new ValueStateDescriptor<>("first-reports", TypeInformation.of(ActivityWindow.class));
        w.enableTimeToLive(ttl());
        firstReports = getRuntimeContext().getState(w);
    }

    @Override
    public void processElement(CommerceEvent e, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        if (late(e, ctx)) {
            return;
        }
        CompiledCountryPolicy policy = policy(ctx.getBroadcastState(PolicyBroadcast.PACKS), e.country);
        DetectorSettings.ReportStorm s = policy.detectors().reportStorm();
        long bucket = ActivityWindow.bucketFor(s.windowMs());
        ActivityWindow w = firstReports.value();
        if (w == null) {
            w = new ActivityWindow();
        }
        Long previous = reporters.get(e.reporterId);
        if (previous != null && Math.abs(e.eventTime - previous) < s.windowMs()) {
            // The same reporter again within the window: counted once.
            if (e.eventTime > previous) {
                reporters.put(e.reporterId, e.eventTime);
            }
            return;
        }
        reporters.put(e.reporterId, previous == null ? e.eventTime : Math.max(previous, e.eventTime));
        if (w.add(e.eventTime, bucket, 1)) {
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(e.eventTime, bucket) * bucket + bucket + s.windowMs() + allowedLatenessMs);
        }
        w.remember(e.reporterId);
        w.windowMs = Math.max(w.windowMs, s.windowMs());

        ActivityWindow.Peak peak = w.peak(e.eventTime, s.windowMs(), bucket);
        if (peak.count() >= s.minReporters() && !s.flagging().off() && w.startsEpisode(e.eventTime, s.windowMs())) {
            String window = DetectorParam.formatDuration(s.windowMs());
            Evidence ev = DetectorFlags.evidence(kind(), "reporter_id",
                    "at least " + s.minReporters() + " distinct reporters per " + window,
                    "video " + e.itemId + " reported by " + peak.count() + " distinct users in " + window
                            + (e.reportReason != null ? " (latest reason: " + e.reportReason + ")" : ""),
                    peak.count(), s.minReporters(), peak.start(), peak.end(), w.recent);
            // The flagged item is the video; reports carry its creator as the account.
            out.collect(fired(DetectorFlags.flag(kind(), s.flagging(), policy, DetectorFlags.FlaggedItem.of(e), ev,
                    System.currentTimeMillis()), e));
        }
        firstReports.update(w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        ActivityWindow w = firstReports.value();
        if (w == null) {
            reporters.clear();
            return;
        }
        long horizon = timestamp - allowedLatenessMs - w.windowMs;
        removeOlderThan(reporters, t -> t, horizon);
        if (w.expire(horizon)) {
            firstReports.clear();
            reporters.clear();
        } else {
            firstReports.update(w);
        }
    }
}
