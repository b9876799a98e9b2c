package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.pipeline.testing.DashboardMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The sample dashboard parses and queries only metrics the README documents (and the code
 * registers: {@link PrometheusEndpointTest} scrapes them from a running job).
 */
class GrafanaDashboardTest {
    @Test
    void everyQueriedMetricIsADocumentedOne() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String expression : DashboardMetrics.expressions()) {
            assertThat(DashboardMetrics.in(expression)).as(expression).isNotEmpty();
        }
        assertThat(DashboardMetrics.queried()).isNotEmpty().allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }
}
