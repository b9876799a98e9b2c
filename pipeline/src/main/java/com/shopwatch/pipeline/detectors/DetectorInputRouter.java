package com.shopwatch.pipeline.detectors;

import com.shopwatch.model.CommerceEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each event only to the detectors that count it, before their keyBy shuffles, so a
 * detector never receives (nor serializes across the network) events it would ignore. Chained
 * to the event stream; emits nothing on its main output.
 */
public final class DetectorInputRouter extends ProcessFunction<CommerceEvent, CommerceEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<CommerceEvent> VELOCITY = new OutputTag<>("velocity-input") {};
    /** One copy per distinct image of a listing, carrying that image alone. */
    public static final OutputTag<CommerceEvent> IMAGE_USES = new OutputTag<>("image-uses") {};
    public static final OutputTag<CommerceEvent> REPORTS = new OutputTag<>("reports") {};
    public static final OutputTag<CommerceEvent> PRICED_LISTINGS = new OutputTag<>("priced-listings") {};
    public static final OutputTag<CommerceEvent> NEW_ACCOUNT_LISTINGS = new OutputTag<>("new-account-listings") {};
    public static final OutputTag<CommerceEvent> TERMS = new OutputTag<>("term-input") {};

    /** Images of one listing considered for rings: a listing with hundreds of images cannot fan out without bound. */
    public static final int MAX_IMAGES = 20;

    @Override
    public void processElement(CommerceEvent e, Context ctx, Collector<CommerceEvent> out) {
        if (SellerVelocityDetector.counts(e)) {
            ctx.output(VELOCITY, e);
        }
        if (DuplicateContentDetector.counts(e)) {
            Set<String> distinct = new LinkedHashSet<>();
            for (String h : e.imageHashes) {
                if (h != null && !h.isEmpty() && distinct.size() < MAX_IMAGES) {
                    distinct.add(h);
                }
            }
            for (String h : distinct) {
                CommerceEvent use = e.shallowCopy();
                use.imageHashes = new String[] {h};
                ctx.output(IMAGE_USES, use);
            }
        }
        if (ReportStormDetector.counts(e)) {
            ctx.output(REPORTS, e);
        }
        if (PriceAnomalyDetector.counts(e)) {
            ctx.output(PRICED_LISTINGS, e);
        }
        if (NewAccountHighValueDetector.counts(e)) {
            ctx.output(NEW_ACCOUNT_LISTINGS, e);
        }
        if (EmergingTermDetector.counts(e)) {
            ctx.output(TERMS, e);
        }
    }
}
