package com.shopwatch.pipeline.testing;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.decode.PayloadDecoder;
import com.shopwatch.model.RecordOrigin;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only wrapper of the job's {@link EventDecoder}, passed to the Kafka source by a test (the
 * production topology is unchanged): it can pace the input (a pause per record, so a bounded run
 * lasts long enough for checkpoints) and throw once, on the N-th record decoded in this JVM. The
 * counters are static, so "once" holds across the restarts of the job (the MiniCluster runs in
 * the test's JVM); {@link #reset} arms it for the next run.
 */
public final class FaultyDecoder implements PayloadDecoder<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    /** Records decoded since {@link #reset}, over every subtask and every restart. */
    public static final AtomicLong DECODED = new AtomicLong();
    /** Whether the injected failure has happened since {@link #reset}. */
    public static final AtomicBoolean THROWN = new AtomicBoolean();

    private final EventDecoder delegate;
    private final long failAt;
    private final long pauseMillis;

    /** @param failAt throw on this record (1-based, across subtasks); 0 = never */
    public FaultyDecoder(EventDecoder delegate, long failAt, long pauseMillis) {
        this.delegate = delegate;
        this.failAt = failAt;
        this.pauseMillis = pauseMillis;
    }

    public static void reset() {
        DECODED.set(0);
        THROWN.set(false);
    }

    @Override
    public DecodedRecord decode(byte[] payload, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        long n = DECODED.incrementAndGet();
        if (failAt > 0 && n >= failAt && THROWN.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure on record " + n + " (" + origin + ")");
        }
        pause();
        return delegate.decode(payload, origin, receivedAtMillis, arrivalTime);
    }

    @Override
    public DecodedRecord tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAtMillis, long arrivalTime) {
        return delegate.tooLarge(prefix, actualBytes, origin, receivedAtMillis, arrivalTime);
    }

    private void pause() {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
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
