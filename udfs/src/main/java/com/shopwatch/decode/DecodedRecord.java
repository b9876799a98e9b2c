package com.shopwatch.decode;

import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.CommerceEvent;

/**
 * The result of decoding one raw record: exactly one of {@link #event} and {@link #deadLetter}
 * is set. Sources emit these so that each payload is parsed once, where event-time watermarks
 * are generated. A Flink POJO.
 */
public class DecodedRecord implements DecodedPayload {
    public CommerceEvent event;
    public DeadLetter deadLetter;
    /**
     * Stream time of the record: the event time for accepted events; for dead letters, the time
     * at which the record arrived in the stream (it does not drive watermarks).
     */
    public long timestamp;

    public DecodedRecord() {}

    public static DecodedRecord accepted(CommerceEvent event) {
        DecodedRecord r = new DecodedRecord();
        r.event = event;
        r.timestamp = event.eventTime;
        return r;
    }

    public static DecodedRecord rejected(DeadLetter deadLetter, long arrivalTime) {
        DecodedRecord r = new DecodedRecord();
        r.deadLetter = deadLetter;
        r.timestamp = arrivalTime;
        return r;
    }

    @Override
    public boolean isAccepted() {
        return event != null;
    }

    @Override
    public long streamTime() {
        return timestamp;
    }
}
