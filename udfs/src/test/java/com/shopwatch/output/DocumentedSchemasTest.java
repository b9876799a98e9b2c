package com.shopwatch.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schemas in config/schemas describe what the code accepts and writes. */
class DocumentedSchemasTest {
    @Test
    void everyBundledPackConformsToThePackSchema() throws Exception {
        JsonSchema schema = SchemaConformance.schema("policy-pack");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String text : PolicyLoader.readDirectory(Path.of("../config/policies")).values()) {
            SchemaConformance.assertConforms(schema, yaml.readTree(text));
        }
        assertThat(schema.validate(yaml.readTree("pack: SG\nversion: \"1\"\ncolour: blue\n"))).isNotEmpty();
    }

    @Test
    void acceptedSampleEventsConformToTheEventSchemasAndDeadLettersToTheirs() throws Exception {
        JsonSchema listing = SchemaConformance.schema("listing");
        JsonSchema video = SchemaConformance.schema("video");
        JsonSchema deadLetter = SchemaConformance.schema("dead-letter");
        ObjectMapper json = JsonOutput.mapper();
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        List<String> lines = Files.readAllLines(Path.of("../config/samples/events.jsonl"), StandardCharsets.ISO_8859_1);
        int accepted = 0;
        for (int i = 0; i < lines.size(); i++) {
            byte[] bytes = lines.get(i).getBytes(StandardCharsets.ISO_8859_1);
            DecodedRecord r = decoder.decode(bytes, RecordOrigin.file("events.jsonl", i + 1), System.currentTimeMillis(), 0);
            if (r.isAccepted()) {
                accepted++;
                SchemaConformance.assertConforms(r.event.isListing() ? listing : video, json.readTree(bytes));
            } else {
                SchemaConformance.assertConforms(deadLetter, json.readTree(JsonOutput.toBytes(r.deadLetter)));
            }
        }
        assertThat(accepted).isEqualTo(368);
    }
}
