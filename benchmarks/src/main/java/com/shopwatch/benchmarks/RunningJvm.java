package com.shopwatch.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/**
 * The JVM a benchmark ran in, printed with its figures: the collector alone moves the whole job's
 * CPU per event by ~15 % on two cores, and huge pages for the heap by ~7 % (BENCHMARKS.md), so a
 * figure without them cannot be compared.
 */
final class RunningJvm {
    private RunningJvm() {}

    /**
     * E.g. {@code Java 17.0.15 (Temurin), collector PS Scavenge + PS MarkSweep, max heap 6144 MB,
     * -XX:+UseTransparentHugePages}.
     */
    static String describe() {
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(" + "));
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), collector "
                + collectors + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, "
                + (hugePages() ? "-XX:+UseTransparentHugePages" : "no -XX:+UseTransparentHugePages");
    }

    /** Whether the JVM asked for transparent huge pages for its heap ({@code -XX:+UseTransparentHugePages}). */
    static boolean hugePages() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return hotSpot != null && Boolean.parseBoolean(hotSpot.getVMOption("UseTransparentHugePages").getValue());
    }
}
