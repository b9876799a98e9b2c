package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.shopwatch.pipeline.options.JobOptions;
import com.shopwatch.pipeline.testing.DashboardMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus endpoint of a running job serves every metric the Grafana dashboard queries:
 * the MiniCluster gets the reporter exactly as {@code config/deploy/flinkdeployment.yaml}
 * configures it (on a free port), the real job runs on generated traffic, and the test scrapes
 * {@code /metrics} over HTTP while it runs.
 */
class PrometheusEndpointTest {
    private static final int PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(reporterConfiguration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void everyDashboardMetricIsServedWhileTheJobRuns(@TempDir Path out) throws Exception {
        Set<String> expected = DashboardMetrics.queried();
        assertThat(expected).hasSizeGreaterThan(5);

        JobOptions options = JobOptions.fromArgs("--source", "generator", "--generator.count", "0", "--generator.rate", "400",
                "--out", out.toString(), "--policies", "../config/policies", "--state-backend", "hashmap",
                "--checkpoint-interval", "10 min");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(1);
        ShopwatchJob.fromOptions(options).build(env);
        JobClient job = env.executeAsync("shopwatch-prometheus");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> missing = new TreeSet<>(expected);
        String scrape = "";
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    scrape = response.body();
                } catch (IOException notYet) {
                    continue;
                }
                String current = scrape;
                missing.removeIf(name -> served(current, name));
            }
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("the job still runs").isFalse();
        } finally {
            job.cancel().get();
        }
        assertThat(missing).as("dashboard metrics missing from the scrape").isEmpty();
        // Live values, not only registrations: events have been counted.
        assertThat(value(scrape, "eventsAccepted")).isPositive();
        assertThat(value(scrape, "source_rule_country_mode_flags")).isPositive();
    }

    /** A sample line of the metric: its name followed by labels or the value. */
    private static boolean served(String scrape, String name) {
        String full = DashboardMetrics.PROMETHEUS_PREFIX + name;
        return scrape.lines().anyMatch(line -> line.startsWith(full + "{") || line.startsWith(full + " "));
    }

    /** The sum of the metric's samples. */
    private static double value(String scrape, String name) {
        String full = DashboardMetrics.PROMETHEUS_PREFIX + name;
        return scrape.lines().filter(line -> line.startsWith(full + "{") || line.startsWith(full + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The deployment manifest's {@code metrics.reporter.*} keys, with the port replaced by a free one. */
    private static Configuration reporterConfiguration() {
        try {
            JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config/deploy/flinkdeployment.yaml")));
            Map<String, String> reporter = new HashMap<>();
            manifest.at("/spec/flinkConfiguration").fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("metrics.reporter.")) {
                    reporter.put(e.getKey(), e.getValue().asText());
                }
            });
            if (!reporter.containsKey("metrics.reporter.prom.factory.class") || !reporter.containsKey("metrics.reporter.prom.port")) {
                throw new IllegalStateException("the manifest configures no prom reporter");
            }
            reporter.put("metrics.reporter.prom.port", String.valueOf(PORT));
            return Configuration.fromMap(reporter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
