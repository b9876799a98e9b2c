package com.shopwatch.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.pipeline.ShopwatchJob;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.DecisionSources;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.TestPolicies;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommerceEventSerializerTest {
    private static final CommerceEventSerializer SERIALIZER = CommerceEventSerializer.INSTANCE;

    /** The bundled sample's accepted events: listings, videos, reports, with the fields each really has. */
    private static List<CommerceEvent> sampleEvents() throws IOException {
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        List<CommerceEvent> events = new ArrayList<>();
        byte[] file = Files.readAllBytes(Path.of("../config/samples/events.jsonl")); // one line is not UTF-8, on purpose
        for (int from = 0, to; from < file.length; from = to + 1) {
            to = from;
            while (to < file.length && file[to] != '\n') {
                to++;
            }
            DecodedRecord d = decoder.decode(Arrays.copyOfRange(file, from, to), RecordOrigin.generator(0), System.currentTimeMillis(), 1L);
            if (d.isAccepted()) {
                d.event.ingestionTime = 1_795_514_400_000L + events.size();
                events.add(d.event);
            }
        }
        return events;
    }

    /**
     * Every field set, by reflection: a field added to the event and forgotten here fails the
     * round trip (strings with characters outside Latin-1 and a null element among the arrays).
     */
    private static CommerceEvent everyFieldSet() throws Exception {
        CommerceEvent e = new CommerceEvent();
        int i = 0;
        for (Field f : fields()) {
            i++;
            Class<?> t = f.getType();
            Object v;
            if (t == String.class) {
                v = f.getName() + " ß 東京 ✓ " + i;
            } else if (t == String[].class) {
                v = new String[] {"a" + i, null, "ไทย"};
            } else if (t == long.class || t == Long.class) {
                v = -1_000_000_000_000L * i;
            } else if (t == double.class || t == Double.class) {
                v = i + 0.25;
            } else if (t.isEnum()) {
                Object[] constants = t.getEnumConstants();
                v = constants[constants.length - 1];
            } else {
                throw new AssertionError("a field type the test does not know: " + f);
            }
            f.set(e, v);
        }
        return e;
    }

    private static List<Field> fields() {
        return Arrays.stream(CommerceEvent.class.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    /** Field by field, including those {@code equals} leaves out (fingerprint, ingestion time, detected language). */
    private static void assertSameFields(CommerceEvent actual, CommerceEvent expected) throws Exception {
        for (Field f : fields()) {
            Object a = f.get(actual);
            Object b = f.get(expected);
            assertThat(Arrays.deepEquals(new Object[] {a}, new Object[] {b})).as(f.getName() + ": " + a + " vs " + b).isTrue();
        }
    }

    private static CommerceEvent roundTrip(CommerceEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        CommerceEvent back = SERIALIZER.deserialize(in);
        assertThat(in.available()).as("bytes left over").isZero();
        return back;
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        CommerceEvent full = everyFieldSet();
        assertSameFields(roundTrip(full), full);
        CommerceEvent empty = new CommerceEvent();
        assertSameFields(roundTrip(empty), empty);
    }

    @Test
    void theSampleEventsSurviveTheRoundTripAndTheStreamCopy() throws Exception {
        List<CommerceEvent> events = sampleEvents();
        assertThat(events).hasSizeGreaterThan(300);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        for (CommerceEvent e : events) {
            SERIALIZER.serialize(e, out);
        }
        // copy(in, out) moves records between buffers as the network stack does
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(4096);
        for (int i = 0; i < events.size(); i++) {
            SERIALIZER.copy(in, copied);
        }
        DataInputDeserializer back = new DataInputDeserializer(copied.getCopyOfBuffer());
        for (CommerceEvent e : events) {
            assertSameFields(SERIALIZER.deserialize(back), e);
        }
        assertThat(back.available()).isZero();
    }

    @Test
    void lengthsOverAVarintByteAndLongTextsRoundTrip() throws Exception {
        CommerceEvent e = new CommerceEvent();
        e.description = "ab".repeat(40_000) + "東".repeat(30_000); // 170 000 UTF-8 bytes: a three-byte length
        e.hashtags = new String[300];
        Arrays.fill(e.hashtags, "x");
        assertSameFields(roundTrip(e), e);
    }

    @Test
    void copiesAreDeep() throws Exception {
        CommerceEvent e = everyFieldSet();
        CommerceEvent c = SERIALIZER.copy(e);
        assertSameFields(c, e);
        c.imageHashes[0] = "changed";
        c.hashtags[0] = "changed";
        c.linkedListingIds[0] = "changed";
        assertThat(e.imageHashes[0]).isNotEqualTo("changed");
        assertThat(e.hashtags[0]).isNotEqualTo("changed");
        assertThat(e.linkedListingIds[0]).isNotEqualTo("changed");
    }

    @Test
    void itsSnapshotRestoresItAndIsCompatibleAsIs() throws Exception {
        TypeSerializerSnapshot<CommerceEvent> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<CommerceEvent> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(SERIALIZER);
        TypeSerializerSchemaCompatibility<CommerceEvent> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void everyEventEdgeOfTheJobUsesIt(@TempDir Path out) {
        JobOptions options = JobOptions.fromArgs("--out", out.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        new ShopwatchJob(options, EventSources.files("../config/samples/events.jsonl", new EventDecoder(options.decoderSettings())),
                PolicySources.directory("../config/policies", false, options.policiesPollInterval()),
                DecisionSources.none(), TestPolicies.defaults(), JobSinks.files(out)).build(env);
        StreamGraph graph = env.getStreamGraph();
        List<String> eventInputs = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            for (StreamEdge edge : node.getInEdges()) {
                TypeSerializer<?> in = graph.getStreamNode(edge.getSourceId()).getTypeSerializerOut();
                if (edge.getOutputTag() != null) {
                    in = edge.getOutputTag().getTypeInfo().createSerializer(env.getConfig().getSerializerConfig());
                }
                if (in instanceof CommerceEventSerializer) {
                    eventInputs.add(node.getOperatorName());
                }
                boolean pojoEvents = in instanceof PojoSerializer<?> p && p.createInstance() instanceof CommerceEvent;
                assertThat(pojoEvents).as("events into " + node.getOperatorName() + " on the POJO serializer").isFalse();
            }
        }
        assertThat(eventInputs).contains("evaluate-policies", "duplicate-content", "seller-velocity", "report-storm",
                "price-anomaly", "new-account-high-value", "emerging-terms");
    }
}
