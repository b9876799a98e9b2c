package com.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.output.JsonOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The sample dashboard parses and queries only metrics the README documents (and the code registers). */
class GrafanaDashboardTest {
    private static final Pattern METRIC = Pattern.compile("flink_taskmanager_job_task_operator_shopwatch_(\\w+)");

    @Test
    void everyQueriedMetricIsADocumentedOne() throws Exception {
        JsonNode dashboard = JsonOutput.mapper().readTree(Files.readString(Path.of("../config/grafana/shopwatch-dashboard.json")));
        String readme = Files.readString(Path.of("../README.md"));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                assertThat(m.find()).as(target.get("expr").asText()).isTrue();
                queried.add(m.group(1));
            }
        }
        assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }
}
