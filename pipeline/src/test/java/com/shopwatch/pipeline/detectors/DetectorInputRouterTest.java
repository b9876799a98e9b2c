package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static com.shopwatch.pipeline.testing.DetectorFixtures.report;
import static com.shopwatch.pipeline.testing.DetectorFixtures.video;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Each detector receives exactly the events it counts; a listing reaches the ring detector once per distinct image. */
class DetectorInputRouterTest {
    private static OneInputStreamOperatorTestHarness<CommerceEvent, CommerceEvent> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new DetectorInputRouter());
    }

    @Test
    void routesByWhatEachDetectorCounts() throws Exception {
        var h = harness();
        CommerceEvent created = listing("L1", "S1", "SG", T0);
        created.imageHashes = new String[] {"a", "b", "a", "", null};
        h.processElement(created, T0);
        CommerceEvent deleted = listing("L2", "S1", "SG", T0);
        deleted.action = EventAction.DELETED;
        h.processElement(deleted, T0);
        h.processElement(video("V1", "C1", "SG", T0), T0);
        h.processElement(report("V1", "U1", "SG", T0), T0);

        assertThat(h.getSideOutput(DetectorInputRouter.VELOCITY)).extracting(r -> r.getValue().itemId).containsExactly("L1", "V1");
        assertThat(h.getSideOutput(DetectorInputRouter.IMAGE_USES)).extracting(r -> r.getValue().imageHashes[0])
                .containsExactly("a", "b");
        assertThat(h.getSideOutput(DetectorInputRouter.IMAGE_USES)).allSatisfy(r -> assertThat(r.getValue().itemId).isEqualTo("L1"));
        assertThat(created.imageHashes).hasSize(5); // the original event is not modified
        assertThat(h.getSideOutput(DetectorInputRouter.REPORTS)).extracting(r -> r.getValue().reporterId).containsExactly("U1");
        assertThat(h.getSideOutput(DetectorInputRouter.PRICED_LISTINGS)).extracting(r -> r.getValue().itemId).containsExactly("L1");
        assertThat(h.getSideOutput(DetectorInputRouter.NEW_ACCOUNT_LISTINGS)).extracting(r -> r.getValue().itemId).containsExactly("L1");
        assertThat(h.getSideOutput(DetectorInputRouter.TERMS)).extracting(r -> r.getValue().itemId).containsExactly("L1", "V1");
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void aListingWithHundredsOfImagesFansOutToAtMostTheCap() throws Exception {
        var h = harness();
        CommerceEvent e = listing("L1", "S1", "SG", T0);
        e.imageHashes = new String[500];
        for (int i = 0; i < e.imageHashes.length; i++) {
            e.imageHashes[i] = "img" + i;
        }
        h.processElement(e, T0);
        assertThat(h.getSideOutput(DetectorInputRouter.IMAGE_USES)).hasSize(DetectorInputRouter.MAX_IMAGES);
    }
}
