package io.crmw.etl.normalize.pipedrive;

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

/** Pipedrive-format JSON fixtures from {@code src/test/resources/pipedrive/} (one record or an array) as raw rows. */
final class PipedriveFixtures {

    static final String SOURCE = "pipedrive-main";
    static final Instant EXTRACTED = Instant.parse("2024-08-01T06:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private PipedriveFixtures() {}

    /** The records of a fixture file: the object itself, or each element of an array. */
    static List<ObjectNode> records(String file) {
        try (InputStream in = PipedriveFixtures.class.getResourceAsStream("/pipedrive/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            JsonNode node = JSON.readTree(in);
            List<ObjectNode> out = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(n -> out.add((ObjectNode) n));
            } else {
                out.add((ObjectNode) node);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record with this {@code id} (or {@code deal_id}) in a fixture file. */
    static ObjectNode record(String file, String id) {
        return records(file).stream().filter(r -> id.equals(key(r))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record " + id + " in " + file));
    }

    /** The raw id the connector lands a record under: {@code id}, or {@code deal_id} for the per-deal streams. */
    static String key(JsonNode payload) {
        return payload.has("id") ? payload.path("id").asString() : payload.path("deal_id").asString();
    }

    static RawRow raw(String stream, JsonNode payload) {
        return raw(stream, payload, false);
    }

    static RawRow raw(String stream, JsonNode payload, boolean deleted) {
        return new RawRow(SOURCE, stream, key(payload), deleted, EXTRACTED, 1L, payload);
    }

    static String id(String entity, String vendorId) {
        return SOURCE + ":" + entity + ":" + vendorId;
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
