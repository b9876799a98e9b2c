package com.shopwatch.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long each task stood still for the checkpoints of a measured window, read from the local
 * cluster's REST API: the synchronous part of a snapshot runs in the task thread, so every record
 * behind it waits that long. That is what sets the latency tails (BENCHMARKS.md), so the latency
 * run prints it next to them.
 */
final class CheckpointStalls {
    /** One task (job vertex): its slowest synchronous part and alignment over the window's checkpoints. */
    record Task(String name, long maxSyncMs, long maxAlignmentMs) {}

    /**
     * The checkpoints completed in the window, how many of them the details handler never knew
     * (their stalls are not in {@code tasks}), and, slowest first, the tasks they stalled.
     */
    record Window(int checkpoints, int withoutDetails, List<Task> tasks) {}

    /**
     * How long a checkpoint the history lists may be unknown to the details handler: its cache of
     * the statistics is refreshed every rest.cache.checkpoint-statistics.timeout (the latency run
     * sets 500 ms; Flink's default is web.refresh-interval, 3 s).
     */
    private static final Duration DETAILS_LAG = Duration.ofSeconds(10);

    private final LocalRest rest;
    private final Duration detailsLag;

    CheckpointStalls(LocalRest rest) {
        this(rest, DETAILS_LAG);
    }

    /** {@code detailsLag}: how long a listed checkpoint's details may stay unknown (tests wait less). */
    CheckpointStalls(LocalRest rest, Duration detailsLag) {
        this.rest = rest;
        this.detailsLag = detailsLag;
    }

    /** The completed checkpoints of {@code jobId} triggered in [{@code fromMs}, {@code toMs}). */
    Window between(String jobId, long fromMs, long toMs) throws IOException, InterruptedException {
        Map<String, String> names = new HashMap<>();
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            names.put(v.path("id").asText(), v.path("name").asText());
        }
        Map<String, long[]> worst = new HashMap<>();
        int checkpoints = 0;
        int withoutDetails = 0;
        for (JsonNode c : rest.get("/jobs/" + jobId + "/checkpoints").path("history")) {
            long trigger = c.path("trigger_timestamp").asLong();
            if (!"COMPLETED".equals(c.path("status").asText()) || trigger < fromMs || trigger >= toMs) {
                continue;
            }
            checkpoints++;
            Map<String, long[]> stalls = stalls(jobId, c.path("id").asText(), names.keySet());
            if (stalls == null) {
                withoutDetails++;
                continue;
            }
            stalls.forEach((vertex, s) -> {
                long[] w = worst.computeIfAbsent(vertex, k -> new long[2]);
                w[0] = Math.max(w[0], s[0]);
                w[1] = Math.max(w[1], s[1]);
            });
        }
        List<Task> tasks = new ArrayList<>();
        worst.forEach((vertex, w) -> tasks.add(new Task(names.get(vertex), w[0], w[1])));
        tasks.sort(Comparator.comparingLong(Task::maxSyncMs).reversed().thenComparing(Task::name));
        return new Window(checkpoints, withoutDetails, tasks);
    }

    /**
     * Each vertex's slowest synchronous part and alignment in checkpoint {@code id}, or null when
     * the details handler still does not know the checkpoint after {@code detailsLag}. A CI run
     * saw one stay unknown for over 10 s while the history listed it as completed; the table is a
     * diagnosis beside the latencies, so it says what it could not read instead of failing the run.
     */
    private Map<String, long[]> stalls(String jobId, String id, Iterable<String> vertices) throws IOException, InterruptedException {
        Map<String, long[]> stalls = new HashMap<>();
        for (String vertex : vertices) {
            JsonNode summary;
            try {
                summary = rest.get("/jobs/" + jobId + "/checkpoints/details/" + id + "/subtasks/" + vertex, detailsLag).path("summary");
            } catch (LocalRest.NotFound unknown) {
                return null;
            }
            stalls.put(vertex, new long[] {summary.path("checkpoint_duration").path("sync").path("max").asLong(),
                    summary.path("alignment").path("duration").path("max").asLong()});
        }
        return stalls;
    }

    /** The window as a table: the {@code top} slowest tasks, names cut at the first chained operator. */
    static String table(Window window, int top) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "checkpoints completed in the measured window: %d%s; the tasks they stalled longest:%n", window.checkpoints(),
                window.withoutDetails() == 0 ? ""
                        : String.format(Locale.ROOT, " (the REST API had no details of %d of them: not in the table)", window.withoutDetails())));
        s.append("| task | slowest synchronous part | slowest alignment |\n|---|---|---|\n");
        for (Task t : window.tasks().subList(0, Math.min(top, window.tasks().size()))) {
            String name = t.name().contains(" -> ") ? t.name().substring(0, t.name().indexOf(" -> ")) : t.name();
            s.append(String.format(Locale.ROOT, "| %s | %d ms | %d ms |%n", name, t.maxSyncMs(), t.maxAlignmentMs()));
        }
        return s.toString();
    }
}
