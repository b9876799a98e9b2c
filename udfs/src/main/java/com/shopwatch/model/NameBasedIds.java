package com.shopwatch.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic ids from names: exactly {@link UUID#nameUUIDFromBytes} of the name's UTF-8 bytes
 * (version 3, MD5), which every flag, task and sample id is. That method looks MD5 up in the
 * security providers on every call, which cost more than the digest itself; here each thread
 * keeps one digest.
 */
public final class NameBasedIds {
    private NameBasedIds() {}

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    });

    /** The MD5 digest of {@code name}'s UTF-8 bytes. */
    public static byte[] md5(String name) {
        return MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code UUID.nameUUIDFromBytes(name.getBytes(UTF_8))}, without the provider lookup. */
    public static UUID uuid(String name) {
        byte[] md5 = md5(name);
        md5[6] &= 0x0f;  // version 3
        md5[6] |= 0x30;
        md5[8] &= 0x3f;  // IETF variant
        md5[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
            lsb = (lsb << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
