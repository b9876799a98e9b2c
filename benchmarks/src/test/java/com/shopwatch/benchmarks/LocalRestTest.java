package com.shopwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST reads behind the latency run's checkpoint table, against a real HTTP server that
 * answers as Flink's handlers do while their statistics caches disagree: 404 for a checkpoint
 * another handler already listed, then the details.
 */
class LocalRestTest {
    private HttpServer server;
    private final AtomicInteger asked = new AtomicInteger();
    private volatile int notFoundFirst;
    private volatile int failingStatus = 404;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/details", exchange -> {
            boolean found = asked.incrementAndGet() > notFoundFirst;
            byte[] body = (found ? "{\"summary\":{\"sync\":7}}" : "{\"errors\":[\"Could not find checkpointing statistics\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(found ? 200 : failingStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private LocalRest rest() {
        return new LocalRest(server.getAddress().getPort());
    }

    @Test
    void aCheckpointNotYetKnownToTheDetailsHandlerIsAskedForAgain() throws Exception {
        notFoundFirst = 3;
        assertThat(rest().get("/details", Duration.ofSeconds(10)).path("summary").path("sync").asInt()).isEqualTo(7);
        assertThat(asked.get()).isEqualTo(4);
    }

    @Test
    void aPlainReadDoesNotWaitFor404sToPass() {
        notFoundFirst = 1;
        assertThatThrownBy(() -> rest().get("/details")).isInstanceOf(IOException.class)
                .hasMessageContaining("GET /details: HTTP 404").hasMessageContaining("Could not find");
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void a404ThatOutlastsTheWaitIsReportedWithItsPathAndBody() {
        notFoundFirst = Integer.MAX_VALUE;
        assertThatThrownBy(() -> rest().get("/details", Duration.ofMillis(500))).isInstanceOf(IOException.class)
                .hasMessageContaining("GET /details: HTTP 404");
        assertThat(asked.get()).isBetween(2, 5);
    }

    @Test
    void otherErrorsAreNotRetried() {
        notFoundFirst = 1;
        failingStatus = 500;
        assertThatThrownBy(() -> rest().get("/details", Duration.ofSeconds(10))).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 500");
        assertThat(asked.get()).isEqualTo(1);
    }
}
