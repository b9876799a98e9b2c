package com.shopwatch.decode;

import com.shopwatch.model.RecordOrigin;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.ModeratorDecision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DecisionDecoderTest {
    private static final long NOW = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private final DecisionDecoder decoder = new DecisionDecoder(DecoderSettings.defaults());

    private DecodedDecision decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), RecordOrigin.kafka("moderation.decisions", 0, 7L), NOW, NOW - 9);
    }

    @Test
    void acceptsADecisionWithRuleIdsOrEchoedReasonObjects() {
        DecodedDecision d = decode("{\"task_id\":\"t-1\",\"reasons\":[\"vape-sg\",{\"rule_id\":\"seller_velocity\",\"severity\":\"high\"},"
                + "\"vape-sg\"],\"decision\":\"Not-Violating\",\"moderator_id\":\"m-7\",\"time\":\"2026-11-24T11:00:00Z\",\"note\":{\"x\":1}}");
        assertThat(d.isAccepted()).isTrue();
        ModeratorDecision m = d.decision;
        assertThat(m.taskId).isEqualTo("t-1");
        assertThat(m.reasons).containsExactly("vape-sg", "seller_velocity");   // repeats collapse
        assertThat(m.decision).isEqualTo("not_violating");
        assertThat(m.moderatorId).isEqualTo("m-7");
        assertThat(m.decidedAtMs).isEqualTo(Instant.parse("2026-11-24T11:00:00Z").toEpochMilli());
        assertThat(d.streamTime()).isEqualTo(m.decidedAtMs);
        assertThat(m.origin.toString()).isEqualTo("moderation.decisions-0@7");
    }

    @Test
    void noReasonsMeansTheWholeTaskAndEpochMillisAreATime() {
        DecodedDecision d = decode("{\"task_id\":\"t-2\",\"decision\":\"escalated\",\"moderator_id\":\"m-1\",\"time\":1795003140000}");
        assertThat(d.isAccepted()).isTrue();
        assertThat(d.decision.reasons).isEmpty();
        assertThat(d.decision.decidedAtMs).isEqualTo(1795003140000L);
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140000}|missing_field|task_id",
        "{\"task_id\":\" \",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140000}|missing_field|task_id",
        "{\"task_id\":\"t\",\"decision\":\"maybe\",\"moderator_id\":\"m\",\"time\":1795003140000}|invalid_value|decision",
        "{\"task_id\":\"t\",\"decision\":true,\"moderator_id\":\"m\",\"time\":1795003140000}|wrong_type|decision",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"time\":1795003140000}|missing_field|moderator_id",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\"}|missing_field|time",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140}|invalid_time|time",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":\"2030-01-01T00:00:00Z\"}|future_event_time|time",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140000,\"reasons\":\"vape\"}|wrong_type|reasons",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140000,\"reasons\":[7]}|wrong_type|reasons[0]",
        "{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140000,\"reasons\":[{\"x\":1}]}|missing_field|reasons[0].rule_id",
        "{\"task_id\":\"t\",\"decision\":\"violating\"|truncated_json|",
        "[1,2]|not_object|",
        "''|empty_payload|",
    })
    void rejectsWithTheReasonAndTheField(String json, String reason, String field) {
        DecodedDecision d = decode(json);
        assertThat(d.isAccepted()).isFalse();
        assertThat(d.deadLetter.reason).as(d.deadLetter.error).isEqualTo(reason);
        assertThat(d.deadLetter.field).isEqualTo(field);
        assertThat(d.deadLetter.eventType).isEqualTo("decision");
        assertThat(d.deadLetter.source.topic).isEqualTo("moderation.decisions");
        assertThat(d.streamTime()).isEqualTo(NOW - 9);
    }

    @Test
    void tooManyReasonsAreJunk() {
        StringBuilder reasons = new StringBuilder();
        for (int i = 0; i <= DecisionDecoder.MAX_REASONS; i++) {
            reasons.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
        }
        DecodedDecision d = decode("{\"task_id\":\"t\",\"decision\":\"violating\",\"moderator_id\":\"m\",\"time\":1795003140000,\"reasons\":["
                + reasons + "]}");
        assertThat(d.deadLetter.reason).isEqualTo("invalid_value");
        assertThat(d.deadLetter.error).contains("more than 64 reasons");
    }
}
