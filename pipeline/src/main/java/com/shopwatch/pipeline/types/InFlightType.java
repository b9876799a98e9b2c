package com.shopwatch.pipeline.types;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The types of the records that cross the network most, on explicit serializers instead of the
 * POJO serializer Flink would infer: events (to the policy evaluator and each detector) and flags
 * (through the flood breaker, account history and review tasks). Streams of them name these
 * types where they are made. State keeps Flink's POJO serializer for the same classes, so
 * savepoints of earlier versions restore unchanged.
 */
public final class InFlightType<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final InFlightType<CommerceEvent> COMMERCE_EVENT =
            new InFlightType<>(CommerceEvent.class, CommerceEventSerializer.INSTANCE);
    public static final InFlightType<ReviewFlag> REVIEW_FLAG = new InFlightType<>(ReviewFlag.class, ReviewFlagSerializer.INSTANCE);

    private final Class<T> type;
    private final InFlightSerializer<T> serializer;

    private InFlightType(Class<T> type, InFlightSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " (in flight)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InFlightType<?> t && t.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof InFlightType;
    }
}
