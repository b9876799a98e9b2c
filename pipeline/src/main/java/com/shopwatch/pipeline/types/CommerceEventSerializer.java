package com.shopwatch.pipeline.types;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import static com.shopwatch.pipeline.types.WireFields.readCode;
import static com.shopwatch.pipeline.types.WireFields.readString;
import static com.shopwatch.pipeline.types.WireFields.readStrings;
import static com.shopwatch.pipeline.types.WireFields.writeString;
import static com.shopwatch.pipeline.types.WireFields.writeStrings;

/**
 * Every accepted event crosses the network several times (to the policy evaluator, to each
 * detector it concerns), so its serializer is on the hottest path there is. Field by field, with
 * one bit mask for the nulls and strings as ASCII bytes or UTF-16 chars ({@link WireFields}), it
 * avoids what the generic POJO serializer pays per field: a reflective read or write, a null
 * marker byte and a megamorphic call into the field's serializer.
 *
 * <p>Used for events in flight only ({@link InFlightType#COMMERCE_EVENT}). The events detectors
 * hold in checkpointed state keep Flink's POJO serializer, so savepoints of earlier versions
 * restore unchanged; this format may change with the class (its snapshot restores only itself).
 */
public final class CommerceEventSerializer extends InFlightSerializer<CommerceEvent> {
    private static final long serialVersionUID = 1L;
    public static final CommerceEventSerializer INSTANCE = new CommerceEventSerializer();

    private static final EventType[] TYPES = EventType.values();
    private static final EventAction[] ACTIONS = EventAction.values();

    // One bit per nullable field, in the order written.
    private static final int EVENT_ID = 1, TYPE = 1 << 1, ACTION = 1 << 2, ITEM_ID = 1 << 3, ACCOUNT_ID = 1 << 4,
            COUNTRY = 1 << 5, LANGUAGE = 1 << 6, CATEGORY = 1 << 7, TITLE = 1 << 8, DESCRIPTION = 1 << 9, BRAND = 1 << 10,
            PRICE_AMOUNT = 1 << 11, PRICE_CURRENCY = 1 << 12, IMAGE_HASHES = 1 << 13, SELLER_CREATED_AT = 1 << 14,
            CAPTION = 1 << 15, HASHTAGS = 1 << 16, LINKED_LISTINGS = 1 << 17, DURATION = 1 << 18, REPORTER_ID = 1 << 19,
            REPORT_REASON = 1 << 20, TITLE_FINGERPRINT = 1 << 21, LANGUAGE_DETECTED = 1 << 22, LANGUAGE_METHOD = 1 << 23;

    @Override
    public void serialize(CommerceEvent e, DataOutputView out) throws IOException {
        int present = (e.eventId != null ? EVENT_ID : 0) | (e.type != null ? TYPE : 0) | (e.action != null ? ACTION : 0)
                | (e.itemId != null ? ITEM_ID : 0) | (e.accountId != null ? ACCOUNT_ID : 0) | (e.country != null ? COUNTRY : 0)
                | (e.language != null ? LANGUAGE : 0) | (e.category != null ? CATEGORY : 0) | (e.title != null ? TITLE : 0)
                | (e.description != null ? DESCRIPTION : 0) | (e.brand != null ? BRAND : 0)
                | (e.priceAmount != null ? PRICE_AMOUNT : 0) | (e.priceCurrency != null ? PRICE_CURRENCY : 0)
                | (e.imageHashes != null ? IMAGE_HASHES : 0) | (e.sellerCreatedAt != null ? SELLER_CREATED_AT : 0)
                | (e.caption != null ? CAPTION : 0) | (e.hashtags != null ? HASHTAGS : 0)
                | (e.linkedListingIds != null ? LINKED_LISTINGS : 0) | (e.durationSeconds != null ? DURATION : 0)
                | (e.reporterId != null ? REPORTER_ID : 0) | (e.reportReason != null ? REPORT_REASON : 0)
                | (e.titleFingerprint != null ? TITLE_FINGERPRINT : 0) | (e.languageDetected != null ? LANGUAGE_DETECTED : 0)
                | (e.languageMethod != null ? LANGUAGE_METHOD : 0);
        out.writeInt(present);
        out.writeLong(e.eventTime);
        out.writeLong(e.ingestionTime);
        out.writeDouble(e.languageConfidence);
        if ((present & EVENT_ID) != 0) writeString(e.eventId, out);
        if ((present & TYPE) != 0) out.writeByte(e.type.ordinal());
        if ((present & ACTION) != 0) out.writeByte(e.action.ordinal());
        if ((present & ITEM_ID) != 0) writeString(e.itemId, out);
        if ((present & ACCOUNT_ID) != 0) writeString(e.accountId, out);
        if ((present & COUNTRY) != 0) writeString(e.country, out);
        if ((present & LANGUAGE) != 0) writeString(e.language, out);
        if ((present & CATEGORY) != 0) writeString(e.category, out);
        if ((present & TITLE) != 0) writeString(e.title, out);
        if ((present & DESCRIPTION) != 0) writeString(e.description, out);
        if ((present & BRAND) != 0) writeString(e.brand, out);
        if ((present & PRICE_AMOUNT) != 0) out.writeDouble(e.priceAmount);
        if ((present & PRICE_CURRENCY) != 0) writeString(e.priceCurrency, out);
        if ((present & IMAGE_HASHES) != 0) writeStrings(e.imageHashes, out);
        if ((present & SELLER_CREATED_AT) != 0) out.writeLong(e.sellerCreatedAt);
        if ((present & CAPTION) != 0) writeString(e.caption, out);
        if ((present & HASHTAGS) != 0) writeStrings(e.hashtags, out);
        if ((present & LINKED_LISTINGS) != 0) writeStrings(e.linkedListingIds, out);
        if ((present & DURATION) != 0) out.writeDouble(e.durationSeconds);
        if ((present & REPORTER_ID) != 0) writeString(e.reporterId, out);
        if ((present & REPORT_REASON) != 0) writeString(e.reportReason, out);
        if ((present & TITLE_FINGERPRINT) != 0) writeString(e.titleFingerprint, out);
        if ((present & LANGUAGE_DETECTED) != 0) writeString(e.languageDetected, out);
        if ((present & LANGUAGE_METHOD) != 0) writeString(e.languageMethod, out);
    }

    @Override
    public CommerceEvent deserialize(DataInputView in) throws IOException {
        CommerceEvent e = new CommerceEvent();
        int present = in.readInt();
        e.eventTime = in.readLong();
        e.ingestionTime = in.readLong();
        e.languageConfidence = in.readDouble();
        if ((present & EVENT_ID) != 0) e.eventId = readString(in);
        if ((present & TYPE) != 0) e.type = TYPES[in.readUnsignedByte()];
        if ((present & ACTION) != 0) e.action = ACTIONS[in.readUnsignedByte()];
        if ((present & ITEM_ID) != 0) e.itemId = readString(in);
        if ((present & ACCOUNT_ID) != 0) e.accountId = readString(in);
        if ((present & COUNTRY) != 0) e.country = readCode(in);
        if ((present & LANGUAGE) != 0) e.language = readCode(in);
        if ((present & CATEGORY) != 0) e.category = readCode(in);
        if ((present & TITLE) != 0) e.title = readString(in);
        if ((present & DESCRIPTION) != 0) e.description = readString(in);
        if ((present & BRAND) != 0) e.brand = readString(in);
        if ((present & PRICE_AMOUNT) != 0) e.priceAmount = in.readDouble();
        if ((present & PRICE_CURRENCY) != 0) e.priceCurrency = readCode(in);
        if ((present & IMAGE_HASHES) != 0) e.imageHashes = readStrings(in);
        if ((present & SELLER_CREATED_AT) != 0) e.sellerCreatedAt = in.readLong();
        if ((present & CAPTION) != 0) e.caption = readString(in);
        if ((present & HASHTAGS) != 0) e.hashtags = readStrings(in);
        if ((present & LINKED_LISTINGS) != 0) e.linkedListingIds = readStrings(in);
        if ((present & DURATION) != 0) e.durationSeconds = in.readDouble();
        if ((present & REPORTER_ID) != 0) e.reporterId = readString(in);
        if ((present & REPORT_REASON) != 0) e.reportReason = readCode(in);
        if ((present & TITLE_FINGERPRINT) != 0) e.titleFingerprint = readString(in);
        if ((present & LANGUAGE_DETECTED) != 0) e.languageDetected = readCode(in);
        if ((present & LANGUAGE_METHOD) != 0) e.languageMethod = readCode(in);
        return e;
    }

    /** Events are never changed once made (operators make changed copies), but copy() must be deep. */
    @Override
    public CommerceEvent copy(CommerceEvent from) {
        CommerceEvent c = from.shallowCopy();
        c.imageHashes = from.imageHashes == null ? null : from.imageHashes.clone();
        c.hashtags = from.hashtags == null ? null : from.hashtags.clone();
        c.linkedListingIds = from.linkedListingIds == null ? null : from.linkedListingIds.clone();
        return c;
    }

    @Override
    public CommerceEvent createInstance() {
        return new CommerceEvent();
    }

    @Override
    public TypeSerializerSnapshot<CommerceEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CommerceEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
