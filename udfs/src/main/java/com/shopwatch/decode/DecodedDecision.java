package com.shopwatch.decode;

import com.shopwatch.model.ModeratorDecision;
import com.shopwatch.model.DeadLetter;

/** A decoded decision record: exactly one of {@link #decision} and {@link #deadLetter} is set. A Flink POJO. */
public class DecodedDecision implements DecodedPayload {
    public ModeratorDecision decision;
    public DeadLetter deadLetter;
    /** The decision time for accepted decisions; the arrival time for dead letters. */
    public long timestamp;

    public DecodedDecision() {}

    public static DecodedDecision accepted(ModeratorDecision decision) {
        DecodedDecision d = new DecodedDecision();
        d.decision = decision;
        d.timestamp = decision.decidedAtMs;
        return d;
    }

    public static DecodedDecision rejected(DeadLetter deadLetter, long arrivalTime) {
        DecodedDecision d = new DecodedDecision();
        d.deadLetter = deadLetter;
        d.timestamp = arrivalTime;
        return d;
    }

    @Override
    public boolean isAccepted() {
        return decision != null;
    }

    @Override
    public long streamTime() {
        return timestamp;
    }
}
