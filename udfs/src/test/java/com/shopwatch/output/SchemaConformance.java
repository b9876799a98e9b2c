package com.shopwatch.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Checks JSON against the documented schemas in {@code config/schemas} (tests only). */
public final class SchemaConformance {
    private SchemaConformance() {}

    /** Finds {@code config/schemas} from a module directory or the project root. */
    public static Path schemaDir() {
        for (Path p : new Path[] {Path.of("config/schemas"), Path.of("../config/schemas")}) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("config/schemas not found");
    }

    public static JsonSchema schema(String name) {
        try (InputStream in = Files.newInputStream(schemaDir().resolve(name + ".schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertConforms(JsonSchema schema, JsonNode node) {
        Set<ValidationMessage> errors = schema.validate(node);
        assertThat(errors).as("%s", node).isEmpty();
    }
}
