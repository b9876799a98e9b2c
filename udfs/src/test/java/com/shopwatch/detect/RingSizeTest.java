package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingSizeTest {
    /** An image's state once its sole seller has been moved inline, as a second seller does. */
    private static RingSize soleSellerInline(String seller, long time) {
        RingSize r = new RingSize();
        r.soleSeller = seller;
        r.soleSellerTime = time;
        r.soleSellerInline();
        return r;
    }

    @Test
    void theSoleSellerBecomesTheFirstInlineOneAndOthersFollowInArrivalOrder() {
        RingSize r = soleSellerInline("S1", 10);
        r.addInline("S2", 20);
        r.addInline("S3", 30);
        assertThat(r.soleSeller).isNull();
        assertThat(r.sellersInline()).isTrue();
        assertThat(r.inlineSellers).containsExactly("S1", "S2", "S3");
        assertThat(r.inlineSellerTimes).containsExactly(10, 20, 30);
        assertThat(r.inlineIndexOf("S2")).isEqualTo(1);
        assertThat(r.inlineIndexOf("S9")).isEqualTo(-1);
    }

    @Test
    void pruningKeepsTheSellersSeenSinceTheHorizonInTheirOrder() {
        RingSize r = soleSellerInline("S1", 30);
        r.addInline("S2", 5);
        r.addInline("S3", 40);
        r.addInline("S4", 19);
        assertThat(r.pruneInline(20)).isEqualTo(2);
        assertThat(r.inlineSellers).containsExactly("S1", "S3");
        assertThat(r.inlineSellerTimes).containsExactly(30, 40);
        assertThat(r.pruneInline(20)).isZero();
        assertThat(r.inlineSellers).containsExactly("S1", "S3");
    }

    @Test
    void pruningTheLastSellerDropsTheArrays() {
        RingSize r = soleSellerInline("S1", 1);
        assertThat(r.pruneInline(2)).isEqualTo(1);
        assertThat(r.sellersInline()).isFalse();
        assertThat(r.inlineSellers).isNull();
        assertThat(r.inlineSellerTimes).isNull();
    }
}
