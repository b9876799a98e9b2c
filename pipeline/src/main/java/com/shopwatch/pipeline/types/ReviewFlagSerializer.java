package com.shopwatch.pipeline.types;

import static com.shopwatch.pipeline.types.WireFields.readLength;
import static com.shopwatch.pipeline.types.WireFields.readNullableCode;
import static com.shopwatch.pipeline.types.WireFields.readNullable;
import static com.shopwatch.pipeline.types.WireFields.readNullableDouble;
import static com.shopwatch.pipeline.types.WireFields.readNullableStrings;
import static com.shopwatch.pipeline.types.WireFields.writeLength;
import static com.shopwatch.pipeline.types.WireFields.writeNullable;
import static com.shopwatch.pipeline.types.WireFields.writeNullableDouble;
import static com.shopwatch.pipeline.types.WireFields.writeNullableStrings;

import com.shopwatch.model.Evidence;
import com.shopwatch.model.LanguageDetection;
import com.shopwatch.model.ReviewFlag;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flags in flight ({@link InFlightType#REVIEW_FLAG}): from the policy evaluator and the detectors
 * through the flood breaker, account history and review tasks, each hop a serialisation. Field by
 * field with their evidence, where the POJO serializer reflects on every field of the flag and of
 * each evidence entry. Flags kept in state stay on Flink's POJO serializer.
 */
public final class ReviewFlagSerializer extends InFlightSerializer<ReviewFlag> {
    private static final long serialVersionUID = 1L;
    public static final ReviewFlagSerializer INSTANCE = new ReviewFlagSerializer();

    @Override
    public void serialize(ReviewFlag f, DataOutputView out) throws IOException {
        out.writeLong(f.eventTimeMs);
        out.writeLong(f.detectionTimeMs);
        out.writeLong(f.ingestionTimeMs);
        out.writeInt(f.accountFlaggedItems == null ? Integer.MIN_VALUE : f.accountFlaggedItems);
        out.writeBoolean(f.accountFlaggedItems != null);
        writeNullable(f.flagId, out);
        writeNullable(f.itemType, out);
        writeNullable(f.itemId, out);
        writeNullable(f.accountId, out);
        writeNullable(f.country, out);
        writeNullable(f.language, out);
        writeNullable(f.languageSource, out);
        writeNullable(f.source, out);
        writeNullable(f.ruleId, out);
        writeNullable(f.ruleTitle, out);
        writeNullable(f.severity, out);
        writeNullable(f.action, out);
        writeNullable(f.queue, out);
        writeNullable(f.mode, out);
        writeNullable(f.policyVersion, out);
        writeNullable(f.eventTime, out);
        writeNullable(f.detectionTime, out);
        writeNullable(f.sourceEventId, out);
        LanguageDetection d = f.languageDetected;
        out.writeBoolean(d != null);
        if (d != null) {
            writeNullable(d.language, out);
            out.writeDouble(d.confidence);
            writeNullable(d.method, out);
        }
        out.writeBoolean(f.evidence != null);
        if (f.evidence != null) {
            writeLength(f.evidence.length, out);
            for (Evidence e : f.evidence) {
                out.writeBoolean(e != null);
                if (e != null) {
                    writeEvidence(e, out);
                }
            }
        }
    }

    private static void writeEvidence(Evidence e, DataOutputView out) throws IOException {
        writeNullable(e.field, out);
        writeNullable(e.matcher, out);
        writeNullable(e.pattern, out);
        writeNullable(e.matchedText, out);
        out.writeInt(e.start);
        out.writeInt(e.end);
        writeNullable(e.folded, out);
        writeNullableStrings(e.scripts, out);
        writeNullableDouble(e.observed, out);
        writeNullableDouble(e.threshold, out);
        writeNullable(e.windowStart, out);
        writeNullable(e.windowEnd, out);
        writeNullableStrings(e.related, out);
    }

    @Override
    public ReviewFlag deserialize(DataInputView in) throws IOException {
        ReviewFlag f = new ReviewFlag();
        f.eventTimeMs = in.readLong();
        f.detectionTimeMs = in.readLong();
        f.ingestionTimeMs = in.readLong();
        int accountFlaggedItems = in.readInt();
        f.accountFlaggedItems = in.readBoolean() ? accountFlaggedItems : null;
        f.flagId = readNullable(in);
        f.itemType = readNullableCode(in);
        f.itemId = readNullable(in);
        f.accountId = readNullable(in);
        f.country = readNullableCode(in);
        f.language = readNullableCode(in);
        f.languageSource = readNullableCode(in);
        f.source = readNullableCode(in);
        f.ruleId = readNullableCode(in);
        f.ruleTitle = readNullableCode(in);
        f.severity = readNullableCode(in);
        f.action = readNullableCode(in);
        f.queue = readNullableCode(in);
        f.mode = readNullableCode(in);
        f.policyVersion = readNullableCode(in);
        f.eventTime = readNullable(in);
        f.detectionTime = readNullable(in);
        f.sourceEventId = readNullable(in);
        if (in.readBoolean()) {
            LanguageDetection d = new LanguageDetection();
            d.language = readNullableCode(in);
            d.confidence = in.readDouble();
            d.method = readNullableCode(in);
            f.languageDetected = d;
        }
        if (in.readBoolean()) {
            f.evidence = new Evidence[readLength(in)];
            for (int i = 0; i < f.evidence.length; i++) {
                f.evidence[i] = in.readBoolean() ? readEvidence(in) : null;
            }
        }
        return f;
    }

    private static Evidence readEvidence(DataInputView in) throws IOException {
        Evidence e = new Evidence();
        e.field = readNullableCode(in);
        e.matcher = readNullableCode(in);
        e.pattern = readNullable(in);
        e.matchedText = readNullable(in);
        e.start = in.readInt();
        e.end = in.readInt();
        e.folded = readNullable(in);
        e.scripts = readNullableStrings(in);
        e.observed = readNullableDouble(in);
        e.threshold = readNullableDouble(in);
        e.windowStart = readNullable(in);
        e.windowEnd = readNullable(in);
        e.related = readNullableStrings(in);
        return e;
    }

    /**
     * A deep copy. Chained operators pass flags on as they are, but an operator whose output
     * feeds several chained ones (the flood breaker) hands each but the last a copy.
     */
    @Override
    public ReviewFlag copy(ReviewFlag from) {
        ReviewFlag f = new ReviewFlag();
        f.flagId = from.flagId;
        f.itemType = from.itemType;
        f.itemId = from.itemId;
        f.accountId = from.accountId;
        f.country = from.country;
        f.language = from.language;
        f.languageSource = from.languageSource;
        if (from.languageDetected != null) {
            LanguageDetection d = from.languageDetected;
            f.languageDetected = new LanguageDetection(d.language, d.confidence, d.method);
        }
        f.source = from.source;
        f.ruleId = from.ruleId;
        f.ruleTitle = from.ruleTitle;
        f.severity = from.severity;
        f.action = from.action;
        f.queue = from.queue;
        f.mode = from.mode;
        f.policyVersion = from.policyVersion;
        if (from.evidence != null) {
            f.evidence = new Evidence[from.evidence.length];
            for (int i = 0; i < f.evidence.length; i++) {
                f.evidence[i] = from.evidence[i] == null ? null : copy(from.evidence[i]);
            }
        }
        f.eventTime = from.eventTime;
        f.detectionTime = from.detectionTime;
        f.eventTimeMs = from.eventTimeMs;
        f.detectionTimeMs = from.detectionTimeMs;
        f.sourceEventId = from.sourceEventId;
        f.accountFlaggedItems = from.accountFlaggedItems;
        f.ingestionTimeMs = from.ingestionTimeMs;
        return f;
    }

    private static Evidence copy(Evidence from) {
        Evidence e = new Evidence();
        e.field = from.field;
        e.matcher = from.matcher;
        e.pattern = from.pattern;
        e.matchedText = from.matchedText;
        e.start = from.start;
        e.end = from.end;
        e.folded = from.folded;
        e.scripts = from.scripts == null ? null : from.scripts.clone();
        e.observed = from.observed;
        e.threshold = from.threshold;
        e.windowStart = from.windowStart;
        e.windowEnd = from.windowEnd;
        e.related = from.related == null ? null : from.related.clone();
        return e;
    }

    @Override
    public ReviewFlag createInstance() {
        return new ReviewFlag();
    }

    @Override
    public TypeSerializerSnapshot<ReviewFlag> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReviewFlag> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
