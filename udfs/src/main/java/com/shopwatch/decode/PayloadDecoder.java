package com.shopwatch.decode;

import com.shopwatch.model.RecordOrigin;
import java.io.Serializable;

/**
 * Decodes one kind of raw JSON record (events, moderator decisions) into its typed form or a dead
 * letter; never throws on bad input. The file and Kafka sources are generic over it, so every
 * input gets the same size limits, origins and dead letters.
 */
public interface PayloadDecoder<T extends DecodedPayload> extends Serializable {
    /**
     * @param payload the raw bytes (may be null or empty)
     * @param origin where the record came from, copied into a dead letter
     * @param receivedAtMillis wall-clock receive time; also the reference for the future-skew check
     * @param arrivalTime stream time given to a dead letter (it has no trustworthy event time)
     */
    T decode(byte[] payload, RecordOrigin origin, long receivedAtMillis, long arrivalTime);

    /** A dead letter for a payload too large to hold, of which the caller kept only a prefix. */
    T tooLarge(byte[] prefix, long actualBytes, RecordOrigin origin, long receivedAtMillis, long arrivalTime);

    DecoderSettings settings();

    Class<T> producedClass();
}
