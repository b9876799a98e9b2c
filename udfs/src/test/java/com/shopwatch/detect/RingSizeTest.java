package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingSizeTest {
    @Test
    void theSoleSellerBecomesTheFirstInlineOneAndOthersFollowInArrivalOrder() {
        RingSize r = new RingSize();
        r.soleSeller = "S1";
        r.soleSellerTime = 10;
        r.soleSellerInline();
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
        RingSize r = new RingSize();
        r.soleSeller = "S1";
        r.soleSellerTime = 30;
        r.soleSellerInline();
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
        RingSize r = new RingSize();
        r.soleSeller = "S1";
        r.soleSellerTime = 1;
        r.soleSellerInline();
        assertThat(r.pruneInline(2)).isEqualTo(1);
        assertThat(r.sellersInline()).isFalse();
        assertThat(r.inlineSellers).isNull();
        assertThat(r.inlineSellerTimes).isNull();
    }
}
