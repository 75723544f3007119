package io.crmw.connectors.hubspot;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Answers;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A full-refresh HubSpot list ({@code results[]} + {@code paging.next.after}): owners, pipelines, marketing emails.
 * Cursor = {@code {"phase":"live|archived","after":"…"}} so a crash resumes mid-pass; the final page is
 * {@code last=true} with a null cursor (the next run starts over). With an archived phase (owners) a second pass
 * over {@code archived=true} emits tombstones. Records whose {@code archived} flag is true are tombstones too.
 * Payload = the HubSpot object as received; RawRecord cursor = its {@code updatedAt}.
 */
final class ListStream implements Stream {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final String name;
    private final String path;
    private final boolean archivedPhase;
    private final StreamHttp http;

    ListStream(String name, String path, boolean archivedPhase, StreamHttp http) {
        this.name = name;
        this.path = path;
        this.archivedPhase = archivedPhase;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String primaryKey() {
        return "id";
    }

    @Override
    public String cursorField() {
        return "updatedAt";
    }

    @Override
    public SyncMode mode() {
        return SyncMode.FULL_REFRESH;
    }

    @Override
    public Page read(String cursorText) throws IOException {
        boolean archived = false;
        String after = null;
        if (cursorText != null && !cursorText.isBlank()) {
            JsonNode c = MAPPER.readTree(cursorText);
            archived = "archived".equals(c.path("phase").asString("live"));
            after = c.path("after").isString() ? c.path("after").asString() : null;
        }
        StringBuilder url = new StringBuilder(path);
        if (archived) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append("archived=true");
        }
        if (after != null) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append("after=").append(after);
        }
        String target = url.toString();
        JsonNode response = Answers.validated("stream '" + name + "': GET " + path, () -> http.get(target),
                CrmObjectStream::resultsPage);
        List<RawRecord> records = new ArrayList<>();
        for (JsonNode r : response.path("results")) {
            boolean deleted = archived || r.path("archived").asBoolean(false);
            records.add(new RawRecord(r.path("id").asString(), r.path("updatedAt").asString(null), deleted,
                    MAPPER.writeValueAsString(r)));
        }
        String next = response.path("paging").path("next").path("after").asString(null);
        if (next != null && !next.isBlank() && !records.isEmpty()) {
            return new Page(records, cursor(archived, next), false);
        }
        if (archivedPhase && !archived) {
            return new Page(records, cursor(true, null), false);
        }
        return new Page(records, null, true);
    }

    private static String cursor(boolean archived, String after) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("phase", archived ? "archived" : "live");
        c.put("after", after);
        return MAPPER.writeValueAsString(c);
    }
}
