package com.shopwatch.detect;

/**
 * The compact state of one image. Nearly every image is used by one seller in one listing: that
 * seller and that listing live here, and only an image used a second time spills its sellers and
 * listings into map state — so the common image costs one value read and write per use, and its
 * cleanup one read and one delete. Also counts what the maps hold (the ring detector skips its
 * scans while a ring is impossible) and remembers the latest cleanup timer. A Flink POJO.
 */
public class RingSize {
    /** Distinct sellers and listings tracked (inline or in the maps). */
    public int sellers;
    public int members;
    /** Newest use of the image (event time). */
    public long newest = Long.MIN_VALUE;
    public long lastTimer = Long.MIN_VALUE;
    /** While {@link #sellers} is 1: the seller and its latest use; null once spilled to the map. */
    public String soleSeller;
    public long soleSellerTime;
    /** While {@link #members} is 1: the listing; null once spilled to the map. */
    public RingMember soleMember;

    public RingSize() {}
}
