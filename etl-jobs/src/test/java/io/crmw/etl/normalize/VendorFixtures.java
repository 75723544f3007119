package io.crmw.etl.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Vendor-format JSON fixtures from {@code src/test/resources/<crm>/} and what mapper tests read back from a
 * {@link Normalized}. Each CRM's fixtures class extends it with its source name and id field.
 */
public abstract class VendorFixtures {

    public static final Instant EXTRACTED = Instant.parse("2024-08-01T06:00:00Z");
    public static final JsonMapper JSON = JsonMapper.builder().build();

    protected VendorFixtures() {}

    /** The parsed fixture file {@code <crm>/<file>}. */
    public static JsonNode fixture(String crm, String file) {
        try (InputStream in = VendorFixtures.class.getResourceAsStream("/" + crm + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + crm + "/" + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of a fixture file: the object itself, or each element of an array. */
    public static List<ObjectNode> fixtureRecords(String crm, String file) {
        JsonNode node = fixture(crm, file);
        List<ObjectNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add((ObjectNode) n));
        } else {
            out.add((ObjectNode) node);
        }
        return out;
    }

    /** The core id the normalizers give a vendor record: {@code <source>:<entity>:<vendor id>}. */
    /** The raw id a connector lands a payload under: the first of {@code idFields} the payload has. */
    public static String keyOf(JsonNode payload, List<String> idFields) {
        for (String field : idFields) {
            if (payload.has(field)) {
                return payload.path(field).asString();
            }
        }
        throw new IllegalArgumentException("none of " + idFields + " in " + payload);
    }

    /** The record of a fixture file whose raw id ({@link #keyOf}) is {@code id}. */
    public static ObjectNode fixtureRecord(String crm, String file, String id, List<String> idFields) {
        return fixtureRecords(crm, file).stream().filter(r -> id.equals(keyOf(r, idFields))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record " + id + " in " + file));
    }

    /** A raw row as the connector lands it, keyed by {@link #keyOf}. */
    public static RawRow rawRow(String source, String stream, JsonNode payload, boolean deleted, List<String> idFields) {
        return new RawRow(source, stream, keyOf(payload, idFields), deleted, EXTRACTED, 1L, payload);
    }

    public static String coreId(String source, String entity, String vendorId) {
        return source + ":" + entity + ":" + vendorId;
    }

    /** The rows written to one core table. */
    @SuppressWarnings("unchecked")
    public static <T extends CoreRow> List<T> rows(Normalized n, String table) {
        return (List<T>) n.writes().stream().filter(w -> w.table().equals(table))
                .flatMap(w -> w.rows().stream()).toList();
    }

    /** The one row written to a core table. */
    public static <T extends CoreRow> T only(Normalized n, String table) {
        List<T> rows = rows(n, table);
        if (rows.size() != 1) {
            throw new AssertionError("expected one " + table + " row, got " + rows);
        }
        return rows.get(0);
    }

    public static CoreWrite write(Normalized n, String table) {
        return n.writes().stream().filter(w -> w.table().equals(table)).findFirst()
                .orElseThrow(() -> new AssertionError("no write to " + table));
    }
}
