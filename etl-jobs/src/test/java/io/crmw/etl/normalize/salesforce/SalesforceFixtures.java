package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreRow;
import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Salesforce-format JSON fixtures from {@code src/test/resources/salesforce/} (one record or an array) as raw rows. */
final class SalesforceFixtures {

    static final String SOURCE = "salesforce-main";
    static final Instant EXTRACTED = Instant.parse("2024-08-01T06:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private SalesforceFixtures() {}

    static JsonNode json(String file) {
        try (InputStream in = SalesforceFixtures.class.getResourceAsStream("/salesforce/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of a fixture file: the object itself, or each element of an array. */
    static List<ObjectNode> records(String file) {
        JsonNode node = json(file);
        List<ObjectNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add((ObjectNode) n));
        } else {
            out.add((ObjectNode) node);
        }
        return out;
    }

    static RawRow raw(String stream, String file) {
        return raw(stream, records(file).get(0), false);
    }

    static RawRow raw(String stream, JsonNode payload, boolean deleted) {
        return new RawRow(SOURCE, stream, payload.path("Id").asString(), deleted, EXTRACTED, 1L, payload);
    }

    static String id(String entity, String sfId) {
        return SOURCE + ":" + entity + ":" + sfId;
    }

    @SuppressWarnings("unchecked")
    static <T extends CoreRow> List<T> rows(Normalized n, String table) {
        return (List<T>) n.writes().stream().filter(w -> w.table().equals(table))
                .flatMap(w -> w.rows().stream()).toList();
    }

    static <T extends CoreRow> T only(Normalized n, String table) {
        List<T> rows = rows(n, table);
        if (rows.size() != 1) {
            throw new AssertionError("expected one " + table + " row, got " + rows);
        }
        return rows.get(0);
    }

    static CoreWrite write(Normalized n, String table) {
        return n.writes().stream().filter(w -> w.table().equals(table)).findFirst()
                .orElseThrow(() -> new AssertionError("no write to " + table));
    }
}
