package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingStateIndexTest {
    @Test
    void aSubtaskThatStartedEmptyKnowsWhichImagesHaveNoState() {
        RingStateIndex index = new RingStateIndex(true, 10);
        assertThat(index.certainlyWithout("a")).isTrue();
        index.written("a", true, 100);
        assertThat(index.certainlyWithout("a")).isFalse();
        assertThat(index.soleNewest("a")).isEqualTo(100);
        index.cleared("a");
        assertThat(index.certainlyWithout("a")).isTrue();
        assertThat(index.soleNewest("a")).isEqualTo(RingStateIndex.UNKNOWN);
    }

    @Test
    void afterARestoreAbsenceProvesNothingButWhatItNamesIsKnown() {
        RingStateIndex index = new RingStateIndex(false, 10);
        assertThat(index.certainlyWithout("restored")).isFalse();
        index.written("b", true, 7);
        assertThat(index.soleNewest("b")).isEqualTo(7);
        assertThat(index.certainlyWithout("b")).isFalse();
    }

    @Test
    void anImageSharedBySeveralSellersOrListingsIsNotSoleEvenIfItWasBefore() {
        RingStateIndex index = new RingStateIndex(true, 10);
        index.written("c", true, 5);
        index.written("c", false, 9);
        assertThat(index.soleNewest("c")).isEqualTo(RingStateIndex.UNKNOWN);
        assertThat(index.certainlyWithout("c")).isFalse();
    }

    @Test
    void outgrowingItsCapacityEndsCompletenessButKeepsTheImagesItNames() {
        RingStateIndex index = new RingStateIndex(true, 2);
        index.written("a", true, 1);
        index.written("b", true, 2);
        assertThat(index.complete()).isTrue();
        index.written("a", true, 3); // a known image: still room
        assertThat(index.complete()).isTrue();
        index.written("c", true, 4); // a third image: not indexed, so absence no longer proves anything
        assertThat(index.complete()).isFalse();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.certainlyWithout("c")).isFalse();
        assertThat(index.certainlyWithout("d")).isFalse();
        assertThat(index.soleNewest("a")).isEqualTo(3);
        assertThat(index.soleNewest("c")).isEqualTo(RingStateIndex.UNKNOWN);
    }
}
