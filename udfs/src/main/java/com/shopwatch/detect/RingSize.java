package com.shopwatch.detect;

import java.util.Arrays;

/**
 * The compact state of one image. Nearly every image is used by one seller in one listing: that
 * seller and that listing live here. An image's sellers stay here too while they are few (up to
 * {@link #INLINE_SELLERS}): their ids and latest uses in two arrays. Only an image with more
 * spills its sellers into map state, and only an image used by a second listing spills its
 * listings — so the common image costs one value read and write per use, and its cleanup one
 * read and one delete, and a ring of a few sellers is counted without iterating a map (whose
 * RocksDB iterator skips the tombstones of every seller cleaned up before). Also counts what the
 * maps hold (the ring detector skips its scans while a ring is impossible) and remembers the
 * latest cleanup timer. A Flink POJO; states written before the arrays existed restore with them
 * null, and their maps keep working.
 */
public class RingSize {
    /** The most sellers kept inline; a stock photo used by hundreds spills to the map (rewriting them all per use would cost more). */
    public static final int INLINE_SELLERS = 32;

    /** Distinct sellers and listings tracked (inline or in the maps). */
    public int sellers;
    public int members;
    /** Newest use of the image (event time). */
    public long newest = Long.MIN_VALUE;
    public long lastTimer = Long.MIN_VALUE;
    /** While {@link #sellers} is 1: the seller and its latest use; null once a second seller comes. */
    public String soleSeller;
    public long soleSellerTime;
    /** While 2 to {@link #INLINE_SELLERS} sellers (and never more since): their ids; null otherwise. */
    public String[] inlineSellers;
    /** The latest use of each of {@link #inlineSellers}, at the same index. */
    public long[] inlineSellerTimes;
    /** While {@link #members} is 1: the listing; null once spilled to the map. */
    public RingMember soleMember;

    /**
     * While this value is held on the heap between checkpoints: a copy of the image's
     * {@code ring-sellers} map (null until first read), which the detector keeps in step with every
     * change it makes to the map, so a stock photo's hundreds of sellers are not read back from
     * RocksDB at each use. Never serialised (transient): a value read from the state has none.
     */
    public transient java.util.Map<String, Long> heldSellers;
    /** The same for the image's {@code ring-members} map. */
    public transient java.util.Map<String, RingMember> heldMembers;

    public RingSize() {}

    /** Whether the sellers are in the arrays (else: sole, none, or in the map). */
    public boolean sellersInline() {
        return inlineSellers != null;
    }

    /** Where {@code seller} is among the inline sellers, or -1. */
    public int inlineIndexOf(String seller) {
        for (int i = 0; i < inlineSellers.length; i++) {
            if (inlineSellers[i].equals(seller)) {
                return i;
            }
        }
        return -1;
    }

    /** The sole seller becomes the first of the inline ones. */
    public void soleSellerInline() {
        inlineSellers = new String[] {soleSeller};
        inlineSellerTimes = new long[] {soleSellerTime};
        soleSeller = null;
    }

    /** Adds a seller not inline yet (the caller counts it and keeps to {@link #INLINE_SELLERS}). */
    public void addInline(String seller, long time) {
        int n = inlineSellers.length;
        inlineSellers = Arrays.copyOf(inlineSellers, n + 1);
        inlineSellerTimes = Arrays.copyOf(inlineSellerTimes, n + 1);
        inlineSellers[n] = seller;
        inlineSellerTimes[n] = time;
    }

    /** Drops the inline sellers last seen before {@code horizon}; returns how many went (none left: the arrays go). */
    public int pruneInline(long horizon) {
        int kept = 0;
        for (int i = 0; i < inlineSellers.length; i++) {
            if (inlineSellerTimes[i] >= horizon) {
                inlineSellers[kept] = inlineSellers[i];
                inlineSellerTimes[kept] = inlineSellerTimes[i];
                kept++;
            }
        }
        int removed = inlineSellers.length - kept;
        if (kept == 0) {
            inlineSellers = null;
            inlineSellerTimes = null;
        } else if (removed > 0) {
            inlineSellers = Arrays.copyOf(inlineSellers, kept);
            inlineSellerTimes = Arrays.copyOf(inlineSellerTimes, kept);
        }
        return removed;
    }
}
