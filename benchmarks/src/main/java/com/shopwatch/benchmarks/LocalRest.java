package com.shopwatch.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The local cluster's REST API, read as JSON: what a benchmark learns of a running job beyond its outputs. */
final class LocalRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** Longer than the fetcher's interval the latency run sets (1 s). */
    private static final long FETCH_WAIT_MS = 1_500;
    private static final long NOT_FOUND_RETRY_MS = 200;

    LocalRest(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A port free now, for the local cluster's REST endpoint. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A 404 that lasted longer than the caller would wait: what it asked for is not there. */
    static final class NotFound extends IOException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return get(path, Duration.ZERO);
    }

    /**
     * As {@link #get(String)}, but a 404 is asked again for up to {@code notFoundFor}: each REST
     * handler answers from its own cache of the job's statistics, so one handler can list a
     * checkpoint that another, asked a moment later, does not know of yet.
     */
    JsonNode get(String path, Duration notFoundFor) throws IOException, InterruptedException {
        long giveUpAt = System.nanoTime() + notFoundFor.toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            String failure = "GET " + path + ": HTTP " + r.statusCode() + " " + r.body();
            if (r.statusCode() != 404) {
                throw new IOException(failure);
            }
            if (System.nanoTime() >= giveUpAt) {
                throw new NotFound(failure);
            }
            Thread.sleep(NOT_FOUND_RETRY_MS);
        }
    }

    /**
     * The sum over the subtasks of one job vertex of the operator metric whose id starts with
     * {@code operatorPrefix} and ends with {@code .name} (operator metric ids are the operator's
     * name, spaces and colons replaced, then the metric: {@code route-dead-letters.numRecordsIn}).
     */
    long operatorMetricSum(String jobId, String vertexNamePrefix, String operatorPrefix, String name)
            throws IOException, InterruptedException {
        String vertex = null;
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            if (v.path("name").asText().startsWith(vertexNamePrefix)) {
                vertex = v.path("id").asText();
            }
        }
        if (vertex == null) {
            throw new IOException("job " + jobId + " has no vertex named " + vertexNamePrefix + "...");
        }
        String path = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
        // The REST handlers answer from the metrics fetched so far and only then fetch anew (at
        // most every metrics.fetcher.update-interval): ask, wait for that fetch, ask again.
        get(path);
        Thread.sleep(FETCH_WAIT_MS);
        for (JsonNode m : get(path)) {
            String id = m.path("id").asText();
            if (id.startsWith(operatorPrefix) && id.endsWith("." + name)) {
                JsonNode values = get(path + "?get=" + id + "&agg=sum");
                if (values.size() > 0) {
                    return (long) values.get(0).path("sum").asDouble();
                }
            }
        }
        throw new IOException("vertex " + vertexNamePrefix + "... has no metric " + operatorPrefix + "*." + name);
    }
}
