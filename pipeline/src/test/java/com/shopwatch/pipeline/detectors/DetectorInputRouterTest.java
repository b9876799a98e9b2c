package com.shopwatch.pipeline.detectors;

import com.shopwatch.detect.TermExtractor;
import com.shopwatch.detect.TitleFingerprint;
import java.util.List;

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
    void eachDetectorGetsALeanCopyWithWhatItReadsAndNamesInFlags() throws Exception {
        var h = harness();
        CommerceEvent e = listing("L1", "S1", "SG", T0);
        e.language = "en";
        e.title = "Disposable vape pods, 20 flavours";
        e.description = "a long description nobody downstream of the router reads";
        e.brand = "Acme";
        e.imageHashes = new String[] {"a"};
        h.processElement(e, T0);
        for (var tag : List.of(DetectorInputRouter.VELOCITY, DetectorInputRouter.IMAGE_USES, DetectorInputRouter.PRICED_LISTINGS,
                DetectorInputRouter.NEW_ACCOUNT_LISTINGS, DetectorInputRouter.TERMS)) {
            assertThat(h.getSideOutput(tag)).as(tag.getId()).singleElement().satisfies(r -> {
                CommerceEvent c = r.getValue();
                assertThat(c).isNotSameAs(e);
                assertThat(List.of(c.eventId, c.itemId, c.accountId, c.country, c.language))
                        .containsExactly(e.eventId, e.itemId, e.accountId, e.country, e.language);
                assertThat(List.<Object>of(c.type, c.action, c.eventTime)).containsExactly(e.type, e.action, e.eventTime);
                assertThat(c.description).isNull();
                assertThat(c.brand).isNull();
            });
        }
        CommerceEvent velocity = h.getSideOutput(DetectorInputRouter.VELOCITY).peek().getValue();
        assertThat(velocity.sellerCreatedAt).isEqualTo(e.sellerCreatedAt);
        assertThat(velocity.title).isNull();
        CommerceEvent image = h.getSideOutput(DetectorInputRouter.IMAGE_USES).peek().getValue();
        assertThat(image.titleFingerprint).isEqualTo(TitleFingerprint.of(e.title));
        assertThat(image.title).isNull();
        CommerceEvent priced = h.getSideOutput(DetectorInputRouter.PRICED_LISTINGS).peek().getValue();
        assertThat(List.<Object>of(priced.category, priced.priceAmount, priced.priceCurrency))
                .containsExactly(e.category, e.priceAmount, e.priceCurrency);
        CommerceEvent young = h.getSideOutput(DetectorInputRouter.NEW_ACCOUNT_LISTINGS).peek().getValue();
        assertThat(List.<Object>of(young.priceAmount, young.priceCurrency, young.sellerCreatedAt))
                .containsExactly(e.priceAmount, e.priceCurrency, e.sellerCreatedAt);
        CommerceEvent terms = h.getSideOutput(DetectorInputRouter.TERMS).peek().getValue();
        assertThat(terms.title).isEqualTo(e.title);
        assertThat(TermExtractor.terms(terms)).isEqualTo(TermExtractor.terms(e));
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
