package com.shopwatch.pipeline.feedback;

import static com.shopwatch.pipeline.testing.StateSizes.ENTRY_OVERHEAD;
import static com.shopwatch.pipeline.testing.StateSizes.size;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.feedback.PrecisionWindow;
import com.shopwatch.feedback.TaskOutline;
import com.shopwatch.feedback.Verdict;
import java.util.ArrayList;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

/**
 * What the feedback loop keeps per task and per rule × country × mode (serialized with Flink's
 * serializers, as RocksDB stores it), and the per-million-tasks figure the README quotes.
 */
class FeedbackStateSizeTest {
    @Test
    void statePerTaskAndPerRule() throws Exception {
        String taskId = "5d1c2f9e-1b2a-3c4d-8e9f-0a1b2c3d4e5f";
        TaskOutline outline = new TaskOutline();
        outline.merge(DecisionJoinTest.task(taskId, "SG", "vape-prohibited", "seller_velocity"));
        outline.judge(DecisionJoinTest.decision(taskId, "violating", 1_795_478_400_000L), new ArrayList<>());
        int perTask = taskId.length() + 2 + size(TypeInformation.of(TaskOutline.class), outline) + ENTRY_OVERHEAD;

        PrecisionWindow w = PrecisionWindow.of(24 * 3_600_000L);
        for (int h = 0; h < PrecisionWindow.BUCKETS; h++) {
            Verdict v = PrecisionMonitorTest.verdict("vape-prohibited", "SG", "enforce", h % 5 == 0 ? "not_violating" : "violating",
                    1_795_478_400_000L + h * 3_600_000L, 1);
            w.add(v);
        }
        int perRule = "vape-prohibited|SG|enforce".length() + 2 + size(TypeInformation.of(PrecisionWindow.class), w) + ENTRY_OVERHEAD;
        ModeratorDecision waiting = DecisionJoinTest.decision(taskId, "violating", 1_795_478_400_000L, "vape-prohibited");
        int perWaitingDecision = size(TypeInformation.of(ModeratorDecision.class), waiting) + ENTRY_OVERHEAD;

        System.out.printf(Locale.ROOT, "feedback state: %d B per task (two reasons, one judged) = %d MB per million tasks kept; "
                + "%d B per rule x country x mode (24 full buckets); %d B per decision waiting for its task%n",
                perTask, perTask, perRule, perWaitingDecision);
        assertThat(perTask).isLessThan(400);
        assertThat(perRule).isLessThan(1_000);
        assertThat(perWaitingDecision).isLessThan(300);
    }
}
