package com.shopwatch.pipeline.detectors;

import com.shopwatch.detect.TitleFingerprint;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.pipeline.types.InFlightType;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each event only to the detectors that count it, before their keyBy shuffles, so a
 * detector never receives (nor serializes across the network) events it would ignore; and each
 * gets a lean copy holding only the fields it reads and names in its flags, not the whole event
 * (titles and descriptions are most of an event's bytes). Chained to the event stream; emits
 * nothing on its main output.
 */
public final class DetectorInputRouter extends ProcessFunction<CommerceEvent, CommerceEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<CommerceEvent> VELOCITY = new OutputTag<>("velocity-input", InFlightType.COMMERCE_EVENT);
    /** One copy per distinct image of a listing, carrying that image alone. */
    public static final OutputTag<CommerceEvent> IMAGE_USES = new OutputTag<>("image-uses", InFlightType.COMMERCE_EVENT);
    public static final OutputTag<CommerceEvent> REPORTS = new OutputTag<>("reports", InFlightType.COMMERCE_EVENT);
    public static final OutputTag<CommerceEvent> PRICED_LISTINGS = new OutputTag<>("priced-listings", InFlightType.COMMERCE_EVENT);
    public static final OutputTag<CommerceEvent> NEW_ACCOUNT_LISTINGS = new OutputTag<>("new-account-listings", InFlightType.COMMERCE_EVENT);
    public static final OutputTag<CommerceEvent> TERMS = new OutputTag<>("term-input", InFlightType.COMMERCE_EVENT);

    /** Images of one listing considered for rings: a listing with hundreds of images cannot fan out without bound. */
    public static final int MAX_IMAGES = 20;

    @Override
    public void processElement(CommerceEvent e, Context ctx, Collector<CommerceEvent> out) {
        if (SellerVelocityDetector.counts(e)) {
            CommerceEvent c = flaggable(e);
            c.sellerCreatedAt = e.sellerCreatedAt;
            ctx.output(VELOCITY, c);
        }
        if (DuplicateContentDetector.counts(e)) {
            Set<String> distinct = new LinkedHashSet<>();
            for (String h : e.imageHashes) {
                if (h != null && !h.isEmpty() && distinct.size() < MAX_IMAGES) {
                    distinct.add(h);
                }
            }
            String fingerprint = TitleFingerprint.of(e.title);
            for (String h : distinct) {
                CommerceEvent use = flaggable(e);
                use.imageHashes = new String[] {h};
                use.titleFingerprint = fingerprint;
                ctx.output(IMAGE_USES, use);
            }
        }
        if (ReportStormDetector.counts(e)) {
            CommerceEvent c = flaggable(e);
            c.reporterId = e.reporterId;
            c.reportReason = e.reportReason;
            ctx.output(REPORTS, c);
        }
        if (PriceAnomalyDetector.counts(e)) {
            CommerceEvent c = flaggable(e);
            c.category = e.category;
            c.priceAmount = e.priceAmount;
            c.priceCurrency = e.priceCurrency;
            ctx.output(PRICED_LISTINGS, c);
        }
        if (NewAccountHighValueDetector.counts(e)) {
            CommerceEvent c = flaggable(e);
            c.priceAmount = e.priceAmount;
            c.priceCurrency = e.priceCurrency;
            c.sellerCreatedAt = e.sellerCreatedAt;
            ctx.output(NEW_ACCOUNT_LISTINGS, c);
        }
        if (EmergingTermDetector.counts(e)) {
            CommerceEvent c = flaggable(e);
            c.title = e.title; // the fields terms are extracted from (TermExtractor)
            c.caption = e.caption;
            c.hashtags = e.hashtags;
            ctx.output(TERMS, c);
        }
    }

    /** The fields every detector reads or names in its flags: the item, account, place and time. */
    private static CommerceEvent flaggable(CommerceEvent e) {
        CommerceEvent c = new CommerceEvent();
        c.eventId = e.eventId;
        c.type = e.type;
        c.action = e.action;
        c.eventTime = e.eventTime;
        c.itemId = e.itemId;
        c.accountId = e.accountId;
        c.country = e.country;
        c.language = e.language;
        c.languageDetected = e.languageDetected;
        c.languageConfidence = e.languageConfidence;
        c.languageMethod = e.languageMethod;
        c.ingestionTime = e.ingestionTime;
        return c;
    }
}
