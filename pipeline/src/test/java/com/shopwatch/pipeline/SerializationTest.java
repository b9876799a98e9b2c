package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.metrics.MetricsContribution;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.metrics.WindowedMetricsAggregator;
import com.shopwatch.pipeline.sinks.JobSinks;
import com.shopwatch.pipeline.sources.EventSources;
import com.shopwatch.pipeline.sources.PolicySources;
import com.shopwatch.pipeline.testing.TestPolicies;
import com.shopwatch.policy.PolicyFile;
import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.review.BreakerState;
import com.shopwatch.review.CountryTraffic;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every type that crosses an operator boundary or sits in state has a Flink serializer: no Kryo. */
class SerializationTest {
    private static final List<Class<?>> WIRE_TYPES = List.of(CommerceEvent.class, DecodedRecord.class, DeadLetter.class,
            RecordOrigin.class, MetricsContribution.class, MetricsRecord.class, ReviewFlag.class, Evidence.class,
            PolicyUpdate.class, PolicyFile.class, PolicyStatus.class, WindowedMetricsAggregator.WindowCounts.class,
            CountryTraffic.class, BreakerState.class);

    @Test
    void everyWireAndStateTypeIsAPojoWithoutGenericFields() {
        SerializerConfigImpl noGenerics = new SerializerConfigImpl();
        noGenerics.setGenericTypes(false);
        for (Class<?> type : WIRE_TYPES) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            // throws UnsupportedOperationException if any nested field would fall back to Kryo
            assertThatCode(() -> info.createSerializer(noGenerics)).as(type.getSimpleName()).doesNotThrowAnyException();
        }
    }

    @Test
    void theClustersOwnRocksDbSettingsWinOverTheJobsDefaults() {
        // as a config.yaml or -D gives them: strings; the keys left out keep the job's defaults
        Configuration cluster = Configuration.fromMap(java.util.Map.of(
                "state.backend.rocksdb.timer-service.factory", "ROCKSDB",
                "state.backend.rocksdb.thread.num", "4",
                "state.backend.rocksdb.writebuffer.size", "64mb",
                "state.backend.rocksdb.compression.per.level", "LZ4_COMPRESSION"));
        Configuration conf = ShopwatchJob.flinkConfiguration(JobOptions.defaults(), cluster);
        assertThat(conf.toMap()).containsEntry("state.backend.rocksdb.timer-service.factory", "ROCKSDB")
                .containsEntry("state.backend.rocksdb.thread.num", "4")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true");
        assertThat(org.apache.flink.configuration.MemorySize.parse(conf.toMap().get("state.backend.rocksdb.writebuffer.size")))
                .isEqualTo(org.apache.flink.configuration.MemorySize.ofMebiBytes(64));
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(org.rocksdb.CompressionType.LZ4_COMPRESSION);
        assertThat(ShopwatchJob.flinkConfiguration(JobOptions.defaults(), new Configuration()).toMap())
                .isEqualTo(ShopwatchJob.flinkConfiguration(JobOptions.defaults()).toMap())
                .containsEntry("state.backend.rocksdb.timer-service.factory", "HEAP");
    }

    @Test
    void withTheStateChangelogTimersLiveInRocksDbAndHeapTimersAreRefused() {
        Configuration cluster = Configuration.fromMap(java.util.Map.of("state.changelog.enabled", "true"));
        assertThat(ShopwatchJob.flinkConfiguration(JobOptions.defaults(), cluster).toMap())
                .containsEntry("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        Configuration heap = Configuration.fromMap(java.util.Map.of("state.changelog.enabled", "true",
                "state.backend.rocksdb.timer-service.factory", "HEAP"));
        assertThatThrownBy(() -> ShopwatchJob.flinkConfiguration(JobOptions.defaults(), heap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.changelog.enabled").hasMessageContaining("ROCKSDB, not HEAP");
    }

    @Test
    void theWholeJobGraphBuildsWithGenericTypesDisabledAndStableUids(@TempDir Path out) {
        JobOptions options = JobOptions.fromArgs("--out", out.toString());
        Configuration conf = ShopwatchJob.flinkConfiguration(options);
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        // RocksDB as measured in BENCHMARKS.md: heap timers, bloom filters, 8 MB memtables, 8 flush threads,
        // levels 0 and 1 uncompressed
        assertThat(conf.toMap()).containsEntry("state.backend.rocksdb.timer-service.factory", "HEAP")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true")
                .containsEntry("state.backend.rocksdb.thread.num", "32");
        // read as the RocksDB backend reads it
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(org.rocksdb.CompressionType.NO_COMPRESSION, org.rocksdb.CompressionType.NO_COMPRESSION,
                        org.rocksdb.CompressionType.SNAPPY_COMPRESSION);
        assertThat(org.apache.flink.configuration.MemorySize.parse(conf.toMap().get("state.backend.rocksdb.writebuffer.size")))
                .isEqualTo(org.apache.flink.configuration.MemorySize.ofMebiBytes(8));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        new ShopwatchJob(options, EventSources.files("../config/samples/events.jsonl",
                        new com.shopwatch.decode.EventDecoder(options.decoderSettings())),
                PolicySources.directory("../config/policies", false, options.policiesPollInterval()),
                com.shopwatch.pipeline.sources.DecisionSources.none(), TestPolicies.defaults(), JobSinks.files(out)).build(env);
        org.apache.flink.streaming.api.graph.StreamGraph graph = env.getStreamGraph();
        // Savepoint compatibility: every operator (sinks' writers included) has a stable uid.
        assertThat(graph.getStreamNodes()).allSatisfy(node ->
                assertThat(node.getTransformationUID()).as(node.getOperatorName()).isNotBlank());
        assertThat(graph.getStreamNodes()).extracting(n -> n.getTransformationUID()).contains(
                "events-source", "route-dead-letters", "policy-source", "evaluate-policies", "enforced-flags",
                "flag-metrics", "traffic-counts", "windowed-metrics", "country-traffic-partials", "country-traffic",
                "flood-breaker");
    }
}
