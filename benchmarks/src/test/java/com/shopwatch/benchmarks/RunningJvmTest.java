package com.shopwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningJvmTest {
    /** The figures name the collector, the heap and whether the heap asked for huge pages, as this JVM was started. */
    @Test
    void describesTheCollectorHeapAndPagesOfThisJvm() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean asked = args.lastIndexOf("-XX:+UseTransparentHugePages") > args.lastIndexOf("-XX:-UseTransparentHugePages");
        assertThat(RunningJvm.hugePages()).isEqualTo(asked);
        assertThat(RunningJvm.describe())
                .startsWith("Java " + System.getProperty("java.version"))
                .contains("collector ", "max heap ")
                .endsWith(asked ? ", -XX:+UseTransparentHugePages" : ", no -XX:+UseTransparentHugePages");
    }
}
