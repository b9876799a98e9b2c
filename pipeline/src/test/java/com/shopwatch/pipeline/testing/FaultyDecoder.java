package com.shopwatch.pipeline.testing;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.decode.PayloadDecoder;
import com.shopwatch.model.RecordOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Test-only wrapper of the job's {@link EventDecoder}, passed to the Kafka source by a test (the
 * production topology is unchanged): it can pace the input (a pause per record, so a bounded run
 * lasts long enough for checkpoints) and throw once, on the N-th record decoded in this JVM. Given
 * a checkpoint directory, it throws only once a checkpoint there has completed (slowing the input
 * until one has), so a restart from a checkpoint does not hinge on how fast the machine is. The
 * counters are static, so "once" holds across the restarts of the job (the MiniCluster runs in
 * the test's JVM); {@link #reset} arms it for the next run.
 */
public final class FaultyDecoder implements PayloadDecoder<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    /** Records decoded since {@link #reset}, over every subtask and every restart. */
    public static final AtomicLong DECODED = new AtomicLong();
    /** Whether the injected failure has happened since {@link #reset}. */
    public static final AtomicBoolean THROWN = new AtomicBoolean();
    /** {@link #DECODED} when the failure was thrown: what the records decoded after it are counted from. */
    public static final AtomicLong DECODED_AT_FAILURE = new AtomicLong();

    private final EventDecoder delegate;
    private final long failAt;
    private final long pauseMillis;
    /** A job's checkpoint directory (its job-id folders hold chk-N/_metadata), or null. */
    private final String awaitCheckpointUnder;

    /** @param failAt throw on this record (1-based, across subtasks); 0 = never */
    public FaultyDecoder(EventDecoder delegate, long failAt, long pauseMillis) {
        this(delegate, failAt, pauseMillis, null);
    }

    /**
     * @param failAt throw on this record (1-based, across subtasks), or on the first after it once a
     *     checkpoint under {@code awaitCheckpointUnder} has completed; 0 = never
     */
    public FaultyDecoder(EventDecoder delegate, long failAt, long pauseMillis, Path awaitCheckpointUnder) {
        this.delegate = delegate;
        this.failAt = failAt;
        this.pauseMillis = pauseMillis;
        this.awaitCheckpointUnder = awaitCheckpointUnder == null ? null : awaitCheckpointUnder.toString();
    }

    public static void reset() {
        DECODED.set(0);
        DECODED_AT_FAILURE.set(0);
        THROWN.set(false);
    }

    @Override
    public DecodedRecord decode(byte[] payload, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        long n = DECODED.incrementAndGet();
        if (failAt > 0 && n >= failAt && !THROWN.get()) {
            if (!checkpointCompleted()) {
                // not yet: keep the input from running out before the first checkpoint completes
                sleep(Math.max(20, pauseMillis * 4));
            } else if (THROWN.compareAndSet(false, true)) {
                DECODED_AT_FAILURE.set(n);
                throw new IllegalStateException("injected failure on record " + n + " (" + origin + ")");
            }
        }
        sleep(pauseMillis);
        return delegate.decode(payload, origin, receivedAtMillis, arrivalTime);
    }

    @Override
    public DecodedRecord tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        return delegate.tooLarge(prefix, actualBytes, origin, receivedAtMillis, arrivalTime);
    }

    private boolean checkpointCompleted() {
        if (awaitCheckpointUnder == null) {
            return true;
        }
        try (Stream<Path> files = Files.walk(Path.of(awaitCheckpointUnder), 3)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("_metadata")
                    && f.getParent().getFileName().toString().startsWith("chk-"));
        } catch (IOException | UncheckedIOException e) {
            return false; // not created yet, or a checkpoint folder removed while walking
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public DecoderSettings settings() {
        return delegate.settings();
    }

    @Override
    public Class<DecodedRecord> producedClass() {
        return delegate.producedClass();
    }
}
