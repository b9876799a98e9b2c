package com.shopwatch.decode;

/**
 * What a source emits for one raw record of any input: the decoded value or a dead letter, with
 * its stream time. Watermarks follow accepted records only.
 */
public interface DecodedPayload {
    boolean isAccepted();

    /** Event time of an accepted record; arrival time of a dead letter. */
    long streamTime();
}
