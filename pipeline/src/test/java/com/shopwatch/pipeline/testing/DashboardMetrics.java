package com.shopwatch.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.output.JsonOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Shopwatch metrics the sample Grafana dashboard queries, from its panels' expressions. */
public final class DashboardMetrics {
    public static final Path DASHBOARD = Path.of("../config/grafana/shopwatch-dashboard.json");
    /** How the Prometheus reporter names a metric of the job's {@code shopwatch} group. */
    public static final String PROMETHEUS_PREFIX = "flink_taskmanager_job_task_operator_shopwatch_";
    private static final Pattern METRIC = Pattern.compile(PROMETHEUS_PREFIX + "(\\w+)");

    private DashboardMetrics() {}

    /** Every panel target's expression (each panel has at least one). */
    public static List<String> expressions() throws IOException {
        JsonNode dashboard = JsonOutput.mapper().readTree(Files.readString(DASHBOARD));
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("targets") == null || panel.get("targets").isEmpty()) {
                throw new IllegalStateException("panel without targets: " + panel.path("title").asText());
            }
            for (JsonNode target : panel.get("targets")) {
                out.add(target.get("expr").asText());
            }
        }
        return out;
    }

    /** The metric names (without {@link #PROMETHEUS_PREFIX}) in one expression. */
    public static Set<String> in(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every metric name (without {@link #PROMETHEUS_PREFIX}) the dashboard queries. */
    public static Set<String> queried() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions()) {
            names.addAll(in(expression));
        }
        return names;
    }
}
