package com.shopwatch.pipeline.types;

import com.shopwatch.model.CommerceEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of events in flight between operators: {@link CommerceEventSerializer} instead of the
 * POJO serializer Flink would infer. Streams of events name it explicitly (their producers'
 * result types and the detector router's side outputs).
 */
public final class CommerceEventTypeInfo extends TypeInformation<CommerceEvent> {
    private static final long serialVersionUID = 1L;
    public static final CommerceEventTypeInfo INSTANCE = new CommerceEventTypeInfo();

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
    public Class<CommerceEvent> getTypeClass() {
        return CommerceEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<CommerceEvent> createSerializer(SerializerConfig config) {
        return CommerceEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "CommerceEvent (in flight)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommerceEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return CommerceEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CommerceEventTypeInfo;
    }
}
