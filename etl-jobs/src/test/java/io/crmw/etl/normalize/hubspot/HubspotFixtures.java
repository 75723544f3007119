package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreRow;
import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** HubSpot-format JSON fixtures from {@code src/test/resources/hubspot/} as raw rows. */
final class HubspotFixtures {

    static final String SOURCE = "hubspot-main";
    static final Instant EXTRACTED = Instant.parse("2024-08-01T06:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HubspotFixtures() {}

    static RawRow raw(String stream, String file) {
        return raw(stream, file, false);
    }

    static RawRow raw(String stream, String file, boolean deleted) {
        try (InputStream in = HubspotFixtures.class.getResourceAsStream("/hubspot/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            var payload = JSON.readTree(in);
            return new RawRow(SOURCE, stream, payload.path("id").asString(), deleted, EXTRACTED, 1L, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows written to one core table. */
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
