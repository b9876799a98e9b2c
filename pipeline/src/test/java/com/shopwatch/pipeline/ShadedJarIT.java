package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The deployable jar: job main class, bundled packs, no Flink runtime, clashing libraries relocated. */
class ShadedJarIT {
    @Test
    void theClusterJarHasTheJobAndNoFlinkRuntimeAndRelocatesLibraries() throws Exception {
        File file = new File(System.getProperty("shopwatch.jar", "target/shopwatch.jar"));
        assertThat(file).exists();
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(file)) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("com.shopwatch.pipeline.ShopwatchJob");
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                names.add(e.getName());
            }
        }
        assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/runtime/"));
        assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"));
        assertThat(names).noneMatch(n -> n.startsWith("com/fasterxml/jackson/"));
        assertThat(names).noneMatch(n -> n.startsWith("com/google/"));
        assertThat(names).noneMatch(n -> n.startsWith("org/yaml/"));
        assertThat(names).contains(
                "com/shopwatch/pipeline/ShopwatchJob.class",
                "com/shopwatch/shaded/jackson/databind/ObjectMapper.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "shopwatch/policies/global.yaml",
                "shopwatch/policies/sg.yaml");
    }
}
