package com.shopwatch.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskRoutingTest {
    @Test
    void queuesPreferTheMostSpecificMappingThenTheDefaultPattern() {
        TaskRouting r = new TaskRouting(TaskRouting.parseWeights("low=1,medium=2,high=4,critical=8"), 1, 1,
                TaskRouting.parseQueues("SG=sg-moderation, MY:ms=my-malay, *:en=apac-english, sg:zh=sg-chinese"));
        assertThat(r.queue("SG", "zh-Hans")).isEqualTo("sg-chinese");
        assertThat(r.queue("SG", "en")).isEqualTo("sg-moderation");
        assertThat(r.queue("MY", "ms")).isEqualTo("my-malay");
        assertThat(r.queue("MY", "en")).isEqualTo("apac-english");
        assertThat(r.queue("TH", "th")).isEqualTo("th-th");
        assertThat(r.queue("TH", null)).isEqualTo("th-und");
    }

    @Test
    void badWeightsAndMappingsSayWhatIsWrong() {
        assertThatThrownBy(() -> TaskRouting.parseWeights("low=1,medium=2,high=4"))
                .hasMessage("severity weights must give all of low, medium, high, critical; missing critical");
        assertThatThrownBy(() -> TaskRouting.parseWeights("low=1,medium=2,high=4,urgent=9"))
                .hasMessage("unknown severity 'urgent' (low, medium, high, critical)");
        assertThatThrownBy(() -> TaskRouting.parseWeights("low=1,medium=2,high=x,critical=8"))
                .hasMessage("severity weight 'x' for high is not a number");
        assertThatThrownBy(() -> TaskRouting.parseWeights("low=-1,medium=2,high=4,critical=8"))
                .hasMessage("severity weight for low must be >= 0, got -1");
        assertThatThrownBy(() -> TaskRouting.parseQueues("Singapore=sg"))
                .hasMessage("queue mapping 'Singapore=sg': 'Singapore' is not a country code or *");
        assertThatThrownBy(() -> TaskRouting.parseQueues("SG"))
                .hasMessage("queue mapping 'SG' is not COUNTRY[:language]=queue");
    }

    @Test
    void priorityFollowsTheDocumentedFormula() {
        TaskRouting r = TaskRouting.defaults();
        assertThat(r.priority("medium", 0, 0, 1)).isEqualTo(2.0);
        assertThat(r.priority("critical", 9, 0, 1)).isEqualTo(16.0);    // 8 x (1 + log10 10)
        assertThat(r.priority("low", 0, 99, 1)).isEqualTo(3.0);         // 1 x (1 + log10 100)
        assertThat(r.priority("high", 0, 0, 10)).isEqualTo(12.0);       // confidence capped at 3
        assertThat(r.priority("high", 0, 0, 0.2)).isEqualTo(4.0);       // and at least 1
    }
}
