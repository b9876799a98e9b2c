package com.shopwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The latency run's checkpoint table, read from a real HTTP server answering as Flink's REST API
 * does: a job of two vertices, its checkpoint history, and the per-vertex details, one checkpoint's
 * details never known (as a CI run once saw for over 10 s).
 */
class CheckpointStallsTest {
    private HttpServer server;
    /** Path → body; a path not here answers 404. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            String body = answers.get(exchange.getRequestURI().getPath());
            byte[] bytes = (body != null ? body : "{\"errors\":[\"Could not find checkpointing statistics\"]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body != null ? 200 : 404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        answers.put("/jobs/j", "{\"vertices\":[{\"id\":\"v1\",\"name\":\"keyed -> chained\"},{\"id\":\"v2\",\"name\":\"sink\"}]}");
        answers.put("/jobs/j/checkpoints", "{\"history\":["
                + checkpoint(1, "COMPLETED", 1_000) + "," + checkpoint(2, "COMPLETED", 2_000) + "," + checkpoint(3, "IN_PROGRESS", 3_000) + ","
                + checkpoint(4, "COMPLETED", 9_000) + "," + checkpoint(5, "COMPLETED", 500) + "]}");
        details(2, "v1", 30, 5);
        details(2, "v2", 12, 40);
        details(4, "v1", 999, 999);
        details(4, "v2", 999, 999);
        details(5, "v1", 999, 999);
        details(5, "v2", 999, 999);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String checkpoint(int id, String status, long trigger) {
        return "{\"id\":" + id + ",\"status\":\"" + status + "\",\"trigger_timestamp\":" + trigger + "}";
    }

    private void details(int checkpoint, String vertex, long syncMs, long alignmentMs) {
        answers.put("/jobs/j/checkpoints/details/" + checkpoint + "/subtasks/" + vertex, "{\"summary\":{\"checkpoint_duration\":{\"sync\":{\"max\":"
                + syncMs + "}},\"alignment\":{\"duration\":{\"max\":" + alignmentMs + "}}}}");
    }

    private CheckpointStalls stalls() {
        return new CheckpointStalls(new LocalRest(server.getAddress().getPort()), Duration.ofMillis(300));
    }

    @Test
    void aCheckpointWhoseDetailsNeverAppearIsCountedAndLeftOutNotFatal() throws Exception {
        CheckpointStalls.Window w = stalls().between("j", 1_000, 5_000);
        assertThat(w.checkpoints()).as("completed and triggered in [1 000, 5 000)").isEqualTo(2);
        assertThat(w.withoutDetails()).isEqualTo(1);
        assertThat(w.tasks()).containsExactly(new CheckpointStalls.Task("keyed -> chained", 30, 5), new CheckpointStalls.Task("sink", 12, 40));
        assertThat(CheckpointStalls.table(w, 6)).contains("checkpoints completed in the measured window: 2 (the REST API had no details of 1 of them")
                .contains("| keyed | 30 ms | 5 ms |").contains("| sink | 12 ms | 40 ms |");
    }

    @Test
    void everyCompletedCheckpointInTheWindowIsRead() throws Exception {
        details(1, "v1", 70, 0);
        details(1, "v2", 1, 2);
        CheckpointStalls.Window w = stalls().between("j", 1_000, 5_000);
        assertThat(w.withoutDetails()).isZero();
        assertThat(w.tasks()).containsExactly(new CheckpointStalls.Task("keyed -> chained", 70, 5), new CheckpointStalls.Task("sink", 12, 40));
        assertThat(CheckpointStalls.table(w, 6)).contains("measured window: 2; the tasks").doesNotContain("no details");
    }
}
