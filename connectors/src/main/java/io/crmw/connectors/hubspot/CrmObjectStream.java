package io.crmw.connectors.hubspot;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Answers;
import io.crmw.connectors.kit.MalformedPageException;
import io.crmw.connectors.kit.VendorTime;
import io.crmw.connectors.kit.RecordSelector;
import io.crmw.connectors.spi.CountUnavailableException;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incremental HubSpot CRM object stream (deals, contacts, companies, ...). One {@link #read} = one page:
 *
 * <ol>
 *   <li><b>list</b> phase (a pass from the beginning of time: the first load): {@code GET /crm/v3/objects/{type}} with
 *       every property and {@code associations=<types>}, 100 per page, associations inline; then the archived phase.</li>
 *   <li><b>live</b> phase (later passes): first one search with no filter, newest change first, 200 records: its
 *       {@code total} is the vendor's count ({@link #countFromPass}) and, when it reaches back past {@code since}, it
 *       holds the whole window. Otherwise (and when resuming) {@code POST /crm/v3/objects/{type}/search} with {@code <last-modified> GTE since AND
 *       hs_object_id GT lastId}, sorted by {@code hs_object_id} ascending, 200 per page; before {@code after} would
 *       pass the 10,000-result cap a new query starts with {@code lastId} = the last id seen.</li>
 *   <li><b>archived</b> phase: {@code GET /crm/v3/objects/{type}?archived=true} emitting tombstones for records
 *       archived at/after {@code since − lookback} (archiving does not bump last-modified, so search never sees it).
 *       Its final page is {@code last=true}; its cursor starts the next run (see {@link SearchCursor#nextRun}).</li>
 * </ol>
 *
 * <p>Payload = the HubSpot record as received ({@code id}, {@code properties} (all discovered properties, values as
 * HubSpot's strings), {@code createdAt}, {@code updatedAt}, {@code archived}, {@code archivedAt}) plus
 * <pre>{@code "associations": {"companies": ["7001", "7002"], "contacts": []}}</pre>
 * one key per associated object type configured for the stream (always present, possibly empty), each an array of
 * associated record ids as strings. Tombstones carry no associations key.
 *
 * <p>RawRecord: id = HubSpot id; cursor = the last-modified value as sent (tombstones: {@code archivedAt}).
 */
final class CrmObjectStream implements Stream {

    static final int SEARCH_LIMIT = 200;
    static final int SEARCH_RESULT_CAP = 10_000;
    static final int LIST_LIMIT = 100;
    static final int BATCH_LIMIT = 100;
    /** Above this, the property list no longer goes into the (3,000-character max) search body. */
    static final int MAX_SEARCH_PROPERTIES_JSON = 2_500;
    /** Above this, the archived listing's {@code properties=} query is split into several requests. */
    static final int MAX_URL_LENGTH = 8_000;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final CrmObject object;
    private final StreamHttp http;
    private final Duration lookback;
    private final Clock clock;
    private List<String> properties; // discovered once per stream run
    /** The live count answered by this pass's first search; null when it had none. */
    private volatile Long passCount;

    CrmObjectStream(CrmObject object, StreamHttp http, Duration lookback, Clock clock) {
        this.object = object;
        this.http = http;
        this.lookback = lookback;
        this.clock = clock;
    }

    @Override
    public String name() {
        return object.stream();
    }

    @Override
    public String primaryKey() {
        return "id";
    }

    @Override
    public String cursorField() {
        return "properties." + object.lastModified();
    }

    @Override
    public SyncMode mode() {
        return SyncMode.INCREMENTAL;
    }

    @Override
    public Page read(String cursorText) throws IOException {
        SearchCursor cursor = SearchCursor.parse(cursorText);
        return switch (cursor.phase()) {
            case SearchCursor.LIST -> readList(cursor);
            case SearchCursor.ARCHIVED -> readArchived(cursor);
            default -> readLive(cursor);
        };
    }

    @Override
    public OptionalLong vendorCount() throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.putArray("properties").add("hs_object_id");
        body.put("limit", 1);
        JsonNode response = http.post(searchPath(), body);
        JsonNode total = response.path("total");
        if (!total.isIntegralNumber()) {
            throw new CountUnavailableException("the search answer for " + object.objectType() + " has no 'total'");
        }
        return OptionalLong.of(total.asLong());
    }

    @Override
    public boolean listsIds() {
        return true;
    }

    /**
     * Live ids only: {@code GET /crm/v3/objects/{type}?limit=100&properties=hs_object_id} (the list endpoint, outside
     * the search budget, no other properties and no associations). Token = the listing's {@code after}.
     */
    @Override
    public IdPage readIds(String after) throws IOException {
        String path = "/crm/v3/objects/" + object.objectType() + "?limit=" + LIST_LIMIT + "&properties=hs_object_id"
                + (after == null ? "" : "&after=" + after);
        JsonNode response = Answers.validated("stream '" + name() + "': GET ids of " + object.objectType(),
                () -> http.get(path), CrmObjectStream::resultsPage);
        List<String> ids = new ArrayList<>();
        for (ObjectNode r : objects(response.path("results"))) {
            ids.add(r.path("id").asString());
        }
        String next = response.path("paging").path("next").path("after").asString(null);
        return new IdPage(ids, next == null || next.isBlank() || ids.isEmpty() ? null : next);
    }

    private String searchPath() {
        return "/crm/v3/objects/" + object.objectType() + "/search";
    }

    private Page readLive(SearchCursor cursor) throws IOException {
        if (cursor.passStart() == null) {
            cursor = cursor.withPassStart(clock.millis());
        }
        List<String> all = properties();
        boolean slim = MAPPER.writeValueAsString(all).length() > MAX_SEARCH_PROPERTIES_JSON;
        List<String> requested = slim ? List.of("hs_object_id", object.lastModified()) : all;
        List<ObjectNode> found = null;
        String next = null;
        if (cursor.lastId() == 0 && cursor.after() == null && cursor.maxSeen() == null && cursor.since() > 0) {
            found = newestWithin(cursor.since(), requested); // null: the window is larger than one page
        }
        if (found == null) {
            SearchCursor asked = cursor;
            JsonNode response = Answers.validated("stream '" + name() + "': POST " + searchPath(),
                    () -> http.post(searchPath(), searchBody(asked, requested)), CrmObjectStream::resultsPage);
            found = objects(response.path("results"));
            next = response.path("paging").path("next").path("after").asString(null);
        }

        long lastId = cursor.lastId();
        Long maxSeen = cursor.maxSeen();
        for (ObjectNode r : found) {
            lastId = Math.max(lastId, parseId(r.path("id").asString("0")));
            long modified = VendorTime.epochMillis(lastModified(r), -1);
            if (modified >= 0 && (maxSeen == null || modified > maxSeen)) {
                maxSeen = modified;
            }
        }
        List<ObjectNode> full = slim ? batchRead(found, all) : found;
        attachAssociations(full);
        List<RawRecord> records = new ArrayList<>(full.size());
        for (ObjectNode r : full) {
            records.add(new RawRecord(r.path("id").asString(), lastModified(r), false, MAPPER.writeValueAsString(r)));
        }

        SearchCursor after;
        if (next == null || found.isEmpty()) {
            after = cursor.next(lastId, null, maxSeen).archivedPhase();
        } else if (wouldPassCap(next)) {
            after = cursor.next(lastId, null, maxSeen); // new query from the last id seen; after resets
        } else {
            after = cursor.next(cursor.lastId(), next, maxSeen);
        }
        return new Page(records, after.toJson(), false);
    }

    /**
     * The start of an incremental pass: one search with no filter, newest change first, answers both the vendor's count
     * of live records ({@code total}, kept for {@link #countFromPass}) and, when the page reaches back past
     * {@code since}, the whole window. Returns the window's records, or null when it is larger than the page (then the
     * id-ordered window search reads it; sorting by change time is not safe to page while records change).
     */
    private List<ObjectNode> newestWithin(long since, List<String> requested) throws IOException {
        passCount = null;
        ObjectNode body = MAPPER.createObjectNode();
        body.putArray("sorts").addObject().put("propertyName", object.lastModified()).put("direction", "DESCENDING");
        ArrayNode props = body.putArray("properties");
        requested.forEach(props::add);
        body.put("limit", SEARCH_LIMIT);
        JsonNode response = Answers.validated("stream '" + name() + "': POST " + searchPath() + " (newest first)",
                () -> http.post(searchPath(), body), CrmObjectStream::resultsPage);
        if (response.path("total").isIntegralNumber()) {
            passCount = response.path("total").asLong();
        }
        List<ObjectNode> newest = objects(response.path("results"));
        boolean more = !response.path("paging").path("next").path("after").isMissingNode();
        long oldest = newest.isEmpty() ? Long.MIN_VALUE
                : VendorTime.epochMillis(lastModified(newest.get(newest.size() - 1)), Long.MAX_VALUE);
        if (more && oldest >= since) {
            return null;
        }
        return newest.stream().filter(r -> VendorTime.epochMillis(lastModified(r), Long.MAX_VALUE) >= since).toList();
    }

    /** The live count answered by this pass's first search, when it had one (see {@link #newestWithin}). */
    @Override
    public OptionalLong countFromPass() {
        Long count = passCount;
        return count == null ? OptionalLong.empty() : OptionalLong.of(count);
    }

    private static boolean wouldPassCap(String after) {
        try {
            return Long.parseLong(after) + SEARCH_LIMIT > SEARCH_RESULT_CAP;
        } catch (NumberFormatException opaque) {
            return true; // unknown offset: restarting from the last id is always safe
        }
    }

    private ObjectNode searchBody(SearchCursor cursor, List<String> requested) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode filters = body.putArray("filterGroups").addObject().putArray("filters");
        filters.addObject()
                .put("propertyName", object.lastModified())
                .put("operator", "GTE")
                .put("value", Long.toString(cursor.since()));
        filters.addObject()
                .put("propertyName", "hs_object_id")
                .put("operator", "GT")
                .put("value", Long.toString(cursor.lastId()));
        body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
        ArrayNode props = body.putArray("properties");
        requested.forEach(props::add);
        body.put("limit", SEARCH_LIMIT);
        if (cursor.after() != null) {
            body.put("after", cursor.after());
        }
        return body;
    }

    /** Full records for the ids of a slim search page, in the page's order; ids gone meanwhile are skipped. */
    private List<ObjectNode> batchRead(List<ObjectNode> slim, List<String> all) throws IOException {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < slim.size(); i += BATCH_LIMIT) {
            ObjectNode body = MAPPER.createObjectNode();
            ArrayNode props = body.putArray("properties");
            all.forEach(props::add);
            ArrayNode inputs = body.putArray("inputs");
            for (ObjectNode r : slim.subList(i, Math.min(slim.size(), i + BATCH_LIMIT))) {
                inputs.addObject().put("id", r.path("id").asString());
            }
            body.put("archived", false);
            String path = "/crm/v3/objects/" + object.objectType() + "/batch/read";
            JsonNode response = Answers.validated("stream '" + name() + "': POST " + path, () -> http.post(path, body),
                    CrmObjectStream::resultsPage);
            for (ObjectNode r : objects(response.path("results"))) {
                byId.put(r.path("id").asString(), r);
            }
        }
        List<ObjectNode> ordered = new ArrayList<>(slim.size());
        for (ObjectNode r : slim) {
            ObjectNode full = byId.get(r.path("id").asString());
            if (full != null) {
                ordered.add(full);
            }
        }
        return ordered;
    }

    private void attachAssociations(List<ObjectNode> records) throws IOException {
        if (object.associations().isEmpty() || records.isEmpty()) {
            return;
        }
        List<String> ids = records.stream().map(r -> r.path("id").asString()).toList();
        Map<String, Map<String, Set<String>>> byType = new LinkedHashMap<>();
        for (String toType : object.associations()) {
            byType.put(toType, associations(toType, ids));
        }
        for (ObjectNode r : records) {
            ObjectNode assoc = r.putObject("associations");
            for (String toType : object.associations()) {
                ArrayNode list = assoc.putArray(toType);
                byType.get(toType).getOrDefault(r.path("id").asString(), Set.of()).forEach(list::add);
            }
        }
    }

    /** {@code POST /crm/v4/associations/{from}/{to}/batch/read}, following each input's own paging. */
    private Map<String, Set<String>> associations(String toType, List<String> ids) throws IOException {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        String path = "/crm/v4/associations/" + object.objectType() + "/" + toType + "/batch/read";
        for (int i = 0; i < ids.size(); i += BATCH_LIMIT) {
            Map<String, String> pending = new LinkedHashMap<>(); // id -> after (null = first page)
            ids.subList(i, Math.min(ids.size(), i + BATCH_LIMIT)).forEach(id -> pending.put(id, null));
            while (!pending.isEmpty()) {
                ObjectNode body = MAPPER.createObjectNode();
                ArrayNode inputs = body.putArray("inputs");
                pending.forEach((id, after) -> {
                    ObjectNode in = inputs.addObject().put("id", id);
                    if (after != null) {
                        in.put("after", after);
                    }
                });
                JsonNode response = Answers.validated("stream '" + name() + "': POST " + path,
                        () -> http.post(path, body), CrmObjectStream::resultsPage);
                pending.clear();
                for (JsonNode r : response.path("results")) {
                    String from = r.path("from").path("id").asString();
                    Set<String> to = result.computeIfAbsent(from, k -> new LinkedHashSet<>());
                    for (JsonNode t : r.path("to")) {
                        to.add(t.path("toObjectId").asString());
                    }
                    String next = r.path("paging").path("next").path("after").asString(null);
                    if (next != null && !next.isBlank()) {
                        pending.put(from, next);
                    }
                }
            }
        }
        return result;
    }

    /** A page of the list endpoint ({@code archived} or not) with every property, split over URLs within the limit. */
    private record Listed(List<ObjectNode> records, String next) {}

    private Listed listPage(String what, String query, String after) throws IOException {
        List<String> all = properties();
        String base = "/crm/v3/objects/" + object.objectType() + "?" + query + "&limit=" + LIST_LIMIT
                + (after == null ? "" : "&after=" + after);
        List<List<String>> chunks = chunk(all, MAX_URL_LENGTH - base.length() - 200);
        JsonNode first = Answers.validated("stream '" + name() + "': GET " + what + " " + object.objectType(),
                () -> http.get(base + "&properties=" + String.join(",", chunks.get(0))), CrmObjectStream::resultsPage);
        List<ObjectNode> found = objects(first.path("results"));
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        found.forEach(r -> byId.put(r.path("id").asString(), r));
        for (List<String> more : chunks.subList(1, chunks.size())) {
            JsonNode extra = http.get(base + "&properties=" + String.join(",", more));
            for (JsonNode r : extra.path("results")) {
                ObjectNode target = byId.get(r.path("id").asString());
                if (target != null && r.path("properties").isObject()) {
                    ObjectNode props = target.path("properties").isObject()
                            ? (ObjectNode) target.get("properties") : target.putObject("properties");
                    r.path("properties").properties().forEach(e -> props.set(e.getKey(), e.getValue()));
                }
            }
        }
        String next = first.path("paging").path("next").path("after").asString(null);
        return new Listed(found, next == null || next.isBlank() || found.isEmpty() ? null : next);
    }

    /**
     * First load: {@code GET /crm/v3/objects/{type}?limit=100&properties=…&associations=…}, 100 records per call with
     * their associations inline (search answers 200 per call but without associations, at 5 calls/s). An association
     * list that is paged itself ({@code paging.next}) is read whole through the v4 batch endpoint.
     */
    private Page readList(SearchCursor cursor) throws IOException {
        if (cursor.passStart() == null) {
            cursor = cursor.withPassStart(clock.millis());
        }
        String query = "archived=false" + (object.associations().isEmpty() ? ""
                : "&associations=" + String.join(",", object.associations()));
        Listed page = listPage("list of", query, cursor.after());
        Long maxSeen = cursor.maxSeen();
        for (ObjectNode r : page.records()) {
            long modified = VendorTime.epochMillis(lastModified(r), -1);
            if (modified >= 0 && (maxSeen == null || modified > maxSeen)) {
                maxSeen = modified;
            }
        }
        inlineAssociations(page.records());
        List<RawRecord> records = new ArrayList<>(page.records().size());
        for (ObjectNode r : page.records()) {
            records.add(new RawRecord(r.path("id").asString(), lastModified(r), false, MAPPER.writeValueAsString(r)));
        }
        SearchCursor after = page.next() != null ? cursor.listAfter(page.next(), maxSeen)
                : cursor.next(cursor.lastId(), null, maxSeen).archivedPhase();
        return new Page(records, after.toJson(), false);
    }

    /**
     * Rewrites HubSpot's inline {@code associations} ({@code {"companies": {"results": [{"id", "type"}]}}}) into the
     * payload's shape ({@code {"companies": ["7001"]}}, every configured type present); a type whose inline list is paged
     * is read whole with {@link #associations} for the records concerned.
     */
    private void inlineAssociations(List<ObjectNode> records) throws IOException {
        if (object.associations().isEmpty() || records.isEmpty()) {
            return;
        }
        Map<String, List<String>> truncated = new LinkedHashMap<>(); // type -> ids whose inline list is paged
        Map<String, Map<String, Set<String>>> inline = new LinkedHashMap<>();
        for (ObjectNode r : records) {
            String id = r.path("id").asString();
            for (String toType : object.associations()) {
                JsonNode list = r.path("associations").path(toType);
                Set<String> to = new LinkedHashSet<>();
                for (JsonNode link : list.path("results")) {
                    to.add(link.path("id").asString());
                }
                inline.computeIfAbsent(toType, k -> new LinkedHashMap<>()).put(id, to);
                if (!list.path("paging").path("next").isMissingNode()) {
                    truncated.computeIfAbsent(toType, k -> new ArrayList<>()).add(id);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : truncated.entrySet()) {
            inline.get(e.getKey()).putAll(associations(e.getKey(), e.getValue()));
        }
        for (ObjectNode r : records) {
            ObjectNode assoc = r.putObject("associations");
            for (String toType : object.associations()) {
                ArrayNode list = assoc.putArray(toType);
                inline.get(toType).getOrDefault(r.path("id").asString(), Set.of()).forEach(list::add);
            }
        }
    }

    private Page readArchived(SearchCursor cursor) throws IOException {
        Listed listed = listPage("archived", "archived=true", cursor.after());
        List<ObjectNode> found = listed.records();
        long threshold = cursor.since() - lookback.toMillis();
        List<RawRecord> tombstones = new ArrayList<>();
        for (ObjectNode r : found) {
            String archivedAt = r.path("archivedAt").asString(null);
            long at = VendorTime.epochMillis(archivedAt, Long.MAX_VALUE); // unknown time: emit, to be safe
            if (at >= threshold) {
                String recordCursor = archivedAt != null ? archivedAt : lastModified(r);
                tombstones.add(new RawRecord(r.path("id").asString(), recordCursor, true, MAPPER.writeValueAsString(r)));
            }
        }
        if (listed.next() != null) {
            return new Page(tombstones, cursor.archivedAfter(listed.next()).toJson(), false);
        }
        return new Page(tombstones, cursor.nextRun(lookback.toMillis()).toJson(), true);
    }

    /** Splits property names so that each comma-joined chunk stays within {@code maxChars}. */
    static List<List<String>> chunk(List<String> names, int maxChars) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = 0;
        for (String name : names) {
            if (!current.isEmpty() && length + 1 + name.length() > maxChars) {
                chunks.add(current);
                current = new ArrayList<>();
                length = 0;
            }
            length += (current.isEmpty() ? 0 : 1) + name.length();
            current.add(name);
        }
        chunks.add(current);
        return chunks;
    }

    /** All property names of the object type (custom ones included), from {@code GET /crm/v3/properties/{type}}. */
    List<String> properties() throws IOException {
        if (properties == null) {
            JsonNode response = http.get("/crm/v3/properties/" + object.objectType());
            Set<String> names = new LinkedHashSet<>();
            names.add("hs_object_id");
            names.add(object.lastModified());
            for (JsonNode p : response.path("results")) {
                if (!p.path("archived").asBoolean(false) && p.path("name").isString()) {
                    names.add(p.path("name").asString());
                }
            }
            properties = List.copyOf(names);
        }
        return properties;
    }

    private String lastModified(JsonNode record) {
        String value = record.path("properties").path(object.lastModified()).asString(null);
        return value != null ? value : record.path("updatedAt").asString(null);
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A HubSpot list/search/batch answer: {@code results} must be an array of objects. */
    static JsonNode resultsPage(JsonNode answer) throws MalformedPageException {
        RecordSelector.select(answer, "/results");
        JsonNode after = answer.path("paging").path("next").path("after");
        if (!after.isMissingNode() && !after.isNull() && !after.isString() && !after.isNumber()) {
            throw new MalformedPageException("paging.next.after is " + after.getNodeType());
        }
        return answer;
    }

    static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> list = new ArrayList<>();
        for (JsonNode n : array) {
            if (n instanceof ObjectNode o) {
                list.add(o);
            }
        }
        return list;
    }
}
