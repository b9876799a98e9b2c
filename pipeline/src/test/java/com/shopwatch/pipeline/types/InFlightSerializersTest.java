package com.shopwatch.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.model.ReviewFlag;
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

/** The explicit serializers of events and flags in flight, and that the job uses them. */
class InFlightSerializersTest {
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
     * Every field set, by reflection, nested records too: a field added to a class and forgotten
     * by its serializer fails the round trip (strings with characters outside Latin-1, a null
     * element among the arrays).
     */
    private static <T> T everyFieldSet(Class<T> type) throws Exception {
        T o = type.getConstructor().newInstance();
        int i = 0;
        for (Field f : fields(type)) {
            i++;
            Class<?> t = f.getType();
            Object v;
            if (t == String.class) {
                v = f.getName() + " ß 東京 ✓ " + i;
            } else if (t == String[].class) {
                v = new String[] {"a" + i, null, "ไทย"};
            } else if (t == long.class || t == Long.class) {
                v = -1_000_000_000_000L * i;
            } else if (t == int.class || t == Integer.class) {
                v = -7 * i;
            } else if (t == double.class || t == Double.class) {
                v = i + 0.25;
            } else if (t.isEnum()) {
                Object[] constants = t.getEnumConstants();
                v = constants[constants.length - 1];
            } else if (t.isArray()) {
                Object a = java.lang.reflect.Array.newInstance(t.getComponentType(), 3);
                java.lang.reflect.Array.set(a, 0, everyFieldSet(t.getComponentType()));
                java.lang.reflect.Array.set(a, 2, t.getComponentType().getConstructor().newInstance());
                v = a;
            } else if (t.getPackageName().startsWith("com.shopwatch")) {
                v = everyFieldSet(t);
            } else {
                throw new AssertionError("a field type the test does not know: " + f);
            }
            f.set(o, v);
        }
        return o;
    }

    private static List<Field> fields(Class<?> type) {
        return Arrays.stream(type.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    /** Field by field, nested records too, including fields {@code equals} leaves out. */
    private static void assertSameFields(Object actual, Object expected) throws Exception {
        if (expected == null || actual == null) {
            assertThat(actual).isEqualTo(expected);
            return;
        }
        for (Field f : fields(expected.getClass())) {
            Object a = f.get(actual);
            Object b = f.get(expected);
            if (b != null && b.getClass().isArray() && b.getClass().getComponentType().getPackageName().startsWith("com.shopwatch")) {
                Object[] x = (Object[]) a;
                Object[] y = (Object[]) b;
                assertThat(x).as(f.getName()).hasSameSizeAs(y);
                for (int k = 0; k < y.length; k++) {
                    assertSameFields(x[k], y[k]);
                }
            } else if (b != null && b.getClass().getPackageName().startsWith("com.shopwatch") && !b.getClass().isEnum()) {
                assertSameFields(a, b);
            } else {
                assertThat(Arrays.deepEquals(new Object[] {a}, new Object[] {b})).as(f.getName() + ": " + a + " vs " + b).isTrue();
            }
        }
    }

    private static <T> T roundTrip(T value, TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left over").isZero();
        return back;
    }

    @Test
    void everyFieldOfAnEventAndOfAFlagSurvivesTheRoundTrip() throws Exception {
        CommerceEvent full = everyFieldSet(CommerceEvent.class);
        assertSameFields(roundTrip(full, SERIALIZER), full);
        CommerceEvent empty = new CommerceEvent();
        assertSameFields(roundTrip(empty, SERIALIZER), empty);
        ReviewFlag flag = everyFieldSet(ReviewFlag.class);
        assertSameFields(roundTrip(flag, ReviewFlagSerializer.INSTANCE), flag);
        ReviewFlag bare = new ReviewFlag();
        assertSameFields(roundTrip(bare, ReviewFlagSerializer.INSTANCE), bare);
        ReviewFlag copy = ReviewFlagSerializer.INSTANCE.copy(flag);
        assertSameFields(copy, flag);
        copy.evidence[0].related[0] = "changed";
        copy.evidence[0].matchedText = "changed";
        copy.languageDetected.language = "changed";
        assertThat(flag.evidence[0].related[0]).isNotEqualTo("changed");
        assertThat(flag.evidence[0].matchedText).isNotEqualTo("changed");
        assertThat(flag.languageDetected.language).isNotEqualTo("changed");
        assertSameFields(ReviewFlagSerializer.INSTANCE.copy(bare), bare);
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
        assertSameFields(roundTrip(e, SERIALIZER), e);
        // ASCII, Latin-1 beyond ASCII, emoji (surrogate pairs), a lone surrogate, the empty string
        CommerceEvent odd = new CommerceEvent();
        odd.title = "plain ascii";
        odd.caption = "café crème";
        odd.description = "🔥 sale 🛒";
        odd.brand = "broken \uD83D pair";
        odd.category = "";
        odd.hashtags = new String[] {"", "ü", "\uDC00"};
        CommerceEvent back = roundTrip(odd, SERIALIZER);
        assertSameFields(back, odd);
        assertThat(back.brand).isEqualTo(odd.brand);
        // ASCII strings pass through a buffer per thread (1 KB, grown up to 64 KB): lengths
        // around each size, longer ones after shorter ones, in one event
        CommerceEvent ascii = new CommerceEvent();
        ascii.title = "t".repeat(1_025);
        ascii.description = "d".repeat(70_000) + "!";
        ascii.caption = "c".repeat(1_023);
        ascii.brand = "b".repeat(65_536);
        ascii.hashtags = new String[] {"h".repeat(2_049), "x", "y".repeat(65_537), ""};
        assertSameFields(roundTrip(ascii, SERIALIZER), ascii);
    }

    @Test
    void copiesAreDeep() throws Exception {
        CommerceEvent e = everyFieldSet(CommerceEvent.class);
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
    void theirSnapshotsRestoreThemAndAreCompatibleAsIs() throws Exception {
        snapshotRestores(SERIALIZER);
        snapshotRestores(ReviewFlagSerializer.INSTANCE);
    }

    private <T> void snapshotRestores(TypeSerializer<T> serializer) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<T> compatibility = serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void everyEventAndFlagEdgeOfTheJobUsesThem(@TempDir Path out) {
        JobOptions options = JobOptions.fromArgs("--out", out.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        new ShopwatchJob(options, EventSources.files("../config/samples/events.jsonl", new EventDecoder(options.decoderSettings())),
                PolicySources.directory("../config/policies", false, options.policiesPollInterval()),
                DecisionSources.none(), TestPolicies.defaults(), JobSinks.files(out)).build(env);
        StreamGraph graph = env.getStreamGraph();
        List<String> eventInputs = new ArrayList<>();
        List<String> flagInputs = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            for (StreamEdge edge : node.getInEdges()) {
                TypeSerializer<?> in = graph.getStreamNode(edge.getSourceId()).getTypeSerializerOut();
                if (edge.getOutputTag() != null) {
                    in = edge.getOutputTag().getTypeInfo().createSerializer(env.getConfig().getSerializerConfig());
                }
                if (in instanceof CommerceEventSerializer) {
                    eventInputs.add(node.getOperatorName());
                }
                if (in instanceof ReviewFlagSerializer) {
                    flagInputs.add(node.getOperatorName());
                }
                boolean pojo = in instanceof PojoSerializer<?> p
                        && (p.createInstance() instanceof CommerceEvent || p.createInstance() instanceof ReviewFlag);
                assertThat(pojo).as("events or flags into " + node.getOperatorName() + " on the POJO serializer").isFalse();
            }
        }
        assertThat(eventInputs).contains("evaluate-policies", "duplicate-content", "seller-velocity", "report-storm",
                "price-anomaly", "new-account-high-value", "emerging-terms");
        assertThat(flagInputs).contains("flood-breaker", "account-history", "review-tasks", "duplicate-content-once");
    }
}
