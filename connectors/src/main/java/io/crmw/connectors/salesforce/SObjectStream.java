package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.Sleeper;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.http.TextResponse;
import io.crmw.connectors.kit.Answers;
import io.crmw.connectors.kit.MalformedPageException;
import io.crmw.connectors.kit.RecordSelector;
import io.crmw.connectors.spi.CountUnavailableException;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One sObject read with SOQL. Fields come from describe ({@link Describes}, one Composite call for all objects of a
 * source). Phases of a pass (see {@link SoqlCursor}):
 *
 * <ol>
 *   <li><b>live</b>: {@code SELECT <fields> FROM X WHERE <cf> >= :since AND (<cf> > :ts OR (<cf> = :ts AND Id > :id))
 *       ORDER BY <cf>, Id LIMIT query-limit}, one {@code nextRecordsUrl} page (≤ 2,000 records, asked with
 *       {@code Sforce-Query-Options: batchSize=2000}) per {@link Page}; a new keyset query starts when a query hit its
 *       LIMIT. {@code <cf>} is SystemModstamp (else LastModifiedDate, else CreatedDate). The pass's first query goes in
 *       one Composite call with {@code SELECT COUNT()} of the live records ({@link #countFromPass}). An incremental
 *       window (a lower bound, an object with IsDeleted) is read with {@code queryAll} and no IsDeleted filter, so its
 *       soft deletes come in the same pages, as tombstones. Full-refresh streams order by Id alone.</li>
 *   <li><b>bulk</b> (incremental streams, first load only, when the count answered with the first query is above
 *       {@code bulk-threshold}): that page is not landed; a Bulk 2.0 query job, polled until {@code JobComplete}, its
 *       CSV results read one {@code Sforce-Locator} page per {@link Page} and converted to the REST shape
 *       ({@link BulkCsv}); then the live phase from the greatest cursor value seen. A failed or aborted job falls back
 *       to the live phase from scratch.</li>
 * </ol>
 *
 * <p>RawRecord: id = {@code Id}; cursor = the record's cursor-field value as sent; payload = the SOQL record JSON as
 * returned (with {@code attributes}); a tombstone is the whole record with {@code IsDeleted: true}.
 */
final class SObjectStream implements Stream {

    private static final Logger log = LoggerFactory.getLogger(SObjectStream.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** What all streams of a source share. */
    record Settings(String source, String apiVersion, Duration lookback, int queryLimit, long bulkThreshold,
                    int bulkPageSize, Duration bulkMaxWait, Sleeper sleeper, SalesforceRules rules,
                    Describes describes) {}

    private final SObject object;
    private final StreamHttp http;
    private final Settings settings;
    /** nextRecordsUrls handed out by this process; others (from a stored cursor) may have expired. */
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private Describe describe;
    private Boolean enabled;
    /** The live count answered with this pass's first query; null before it (or when that count failed). */
    private volatile Long passCount;

    SObjectStream(SObject object, StreamHttp http, Settings settings) {
        this.object = object;
        this.http = http;
        this.settings = settings;
    }

    @Override
    public String name() {
        return object.stream();
    }

    @Override
    public String primaryKey() {
        return "Id";
    }

    @Override
    public String cursorField() {
        return describe != null && describe.cursorField() != null ? describe.cursorField() : "SystemModstamp";
    }

    @Override
    public SyncMode mode() {
        return object.fullRefresh() ? SyncMode.FULL_REFRESH : SyncMode.INCREMENTAL;
    }

    @Override
    public Page read(String cursorText) throws IOException {
        if (!enabled()) {
            log.info("source '{}' stream '{}': the org is single-currency (Opportunity has no CurrencyIsoCode); "
                    + "nothing to read", settings.source(), name());
            return new Page(List.of(), null, true);
        }
        SoqlCursor cursor = SoqlCursor.parse(cursorText);
        boolean firstLoad = cursor == null;
        if (firstLoad) {
            cursor = SoqlCursor.firstLoad();
        } else if (SoqlCursor.IDLE.equals(cursor.phase())) {
            cursor = SoqlCursor.livePass(cursor.hwm() == null ? null : SalesforceTime.minus(cursor.hwm(),
                    settings.lookback()), cursor.hwm());
        } else if (SoqlCursor.DELETED.equals(cursor.phase())) {
            // a cursor stored by a version that read deletes in a phase of their own: re-read the window with them
            cursor = new SoqlCursor(SoqlCursor.LIVE, cursor.since(), null, null, null, cursor.maxSeen(), cursor.hwm(),
                    null, null);
        }
        return SoqlCursor.BULK.equals(cursor.phase()) ? readBulk(cursor) : readLive(cursor, firstLoad);
    }

    /**
     * The vendor's count of live records taken with this pass's first query (in the same Composite call, so free):
     * the extractor trusts it when it equals the warehouse's count and asks {@link #vendorCount} again otherwise.
     */
    @Override
    public OptionalLong countFromPass() {
        Long count = passCount;
        return count == null ? OptionalLong.empty() : OptionalLong.of(count);
    }

    @Override
    public OptionalLong vendorCount() throws IOException {
        if (!enabled()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(count());
    }

    @Override
    public boolean listsIds() {
        return !object.fullRefresh();
    }

    /**
     * Live ids only: {@code SELECT Id FROM <object> [WHERE IsDeleted = false] ORDER BY Id}, paged by
     * {@code nextRecordsUrl} (2,000 ids per page). Token = the next-records URL.
     */
    @Override
    public IdPage readIds(String next) throws IOException {
        if (!enabled()) {
            return new IdPage(List.of(), null);
        }
        String target = next != null ? next : queryPath(object.archivable(), "SELECT Id FROM " + object.name()
                + (object.archivable() ? " WHERE IsDeleted = false" : "") + " ORDER BY Id");
        JsonNode response = queryPage(target);
        List<String> ids = new ArrayList<>();
        for (JsonNode r : response.path("records")) {
            String id = r.path("Id").asString(null);
            if (id != null) {
                ids.add(id);
            }
        }
        String after = response.path("nextRecordsUrl").asString(null);
        return new IdPage(ids, response.path("done").asBoolean(true) || after == null ? null : after);
    }

    private long count() throws IOException {
        return totalSize(http.get(queryPath(object.archivable(), countSoql()), Composite.QUERY_OPTIONS));
    }

    private String countSoql() {
        return "SELECT COUNT() FROM " + object.name() + (object.archivable() ? " WHERE IsDeleted = false" : "");
    }

    private long totalSize(JsonNode response) throws CountUnavailableException {
        if (!response.path("totalSize").isIntegralNumber()) {
            // never read as 0: that would look like "everything was deleted"
            throw new CountUnavailableException("the answer to SELECT COUNT() FROM " + object.name() + " has no totalSize");
        }
        return response.path("totalSize").asLong();
    }

    /**
     * The first page of a pass with the vendor's count of live records, in one Composite call: {@code SELECT COUNT()}
     * and the pass's query. A count that fails leaves {@link #passCount} empty (asked again after the pass); a query
     * that fails inside the composite is asked alone.
     */
    private JsonNode firstPage(String target) throws IOException {
        passCount = null;
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("count", queryPath(object.archivable(), countSoql()));
        urls.put("page", target);
        Map<String, Composite.Answer> answers = Composite.get(http, settings.apiVersion(), urls,
                "source '" + settings.source() + "' stream '" + name() + "'");
        Composite.Answer count = answers.get("count");
        if (count.ok() && count.body().path("totalSize").isIntegralNumber()) {
            passCount = count.body().path("totalSize").asLong();
        }
        Composite.Answer page = answers.get("page");
        if (page.ok() && page.body().path("records").isArray() && page.body().path("done").isBoolean()) {
            return page.body();
        }
        // a failed query is asked alone: the HTTP layer's rules then retry, stop resumably (REQUEST_LIMIT_EXCEEDED) or
        // fail with the vendor's message, as for any other page
        log.warn("source '{}' stream '{}': the query inside the composite answered {}; asking it alone",
                settings.source(), name(), page.ok() ? "no page" : page.error());
        return queryPage(target);
    }

    /** A query page, checked: {@code records} an array and {@code done} a boolean, else asked again, then stopped. */
    private JsonNode queryPage(String target) throws IOException {
        return Answers.validated("stream '" + name() + "': query of " + object.name(),
                () -> http.get(target, Composite.QUERY_OPTIONS), answer -> {
            RecordSelector.select(answer, "/records");
            if (!answer.path("done").isBoolean()) {
                throw new MalformedPageException("no boolean 'done'");
            }
            return answer;
        });
    }

    // ---- live phase

    private Page readLive(SoqlCursor cursor, boolean firstLoad) throws IOException {
        Describe d = describe();
        String cf = object.fullRefresh() ? null : d.cursorField();
        // a window answers its deletes too: queryAll returns soft-deleted rows, IsDeleted = true marks them
        boolean withDeletes = cf != null && cursor.since() != null && d.hasIsDeleted();
        JsonNode response;
        if (cursor.next() != null && issued.remove(cursor.next())) {
            response = queryPage(cursor.next());
        } else {
            List<String> where = new ArrayList<>();
            if (object.archivable() && !withDeletes) {
                where.add("IsDeleted = false");
            }
            if (cf != null && cursor.since() != null) {
                where.add(cf + " >= " + SalesforceTime.literal(cursor.since()));
            }
            where.addAll(keyset(cf, cursor));
            String soql = "SELECT " + String.join(", ", d.fields()) + " FROM " + object.name() + where(where)
                    + " ORDER BY " + (cf == null ? "Id" : cf + ", Id") + " LIMIT " + settings.queryLimit();
            String target = queryPath(object.archivable() || withDeletes, soql);
            if (cursor.id() == null) {
                response = firstPage(target);
                if (firstLoad && cf != null && settings.bulkThreshold() > 0 && passCount != null
                        && passCount > settings.bulkThreshold()) {
                    return startBulk(passCount); // the page is not landed: the job reads everything
                }
            } else {
                response = queryPage(target);
            }
        }
        List<RawRecord> records = new ArrayList<>();
        String ts = cursor.ts();
        String id = cursor.id();
        String maxSeen = cursor.maxSeen();
        for (JsonNode r : response.path("records")) {
            String recordId = r.path("Id").asString(null);
            if (recordId == null) {
                continue;
            }
            String cfValue = cf == null ? null : r.path(cf).asString(null);
            boolean deleted = withDeletes && r.path("IsDeleted").asBoolean(false);
            records.add(new RawRecord(recordId, cfValue != null ? cfValue : r.path(cursorField()).asString(null),
                    deleted, MAPPER.writeValueAsString(r)));
            id = recordId;
            if (cfValue != null) {
                ts = SalesforceTime.parse(cfValue).toString();
                maxSeen = SalesforceTime.max(maxSeen, ts);
            }
        }
        String next = response.path("nextRecordsUrl").asString(null);
        if (!response.path("done").asBoolean(true) && next != null) {
            issued.add(next);
            return new Page(records, cursor.at(ts, id, next, maxSeen).toJson(), false);
        }
        boolean hitLimit = response.path("totalSize").asLong(0) >= settings.queryLimit() && id != null
                && !(id.equals(cursor.id()) && Objects.equals(ts, cursor.ts()));
        if (hitLimit) {
            return new Page(records, cursor.at(ts, id, null, maxSeen).toJson(), false); // next keyset query
        }
        if (object.fullRefresh()) {
            return new Page(records, null, true);
        }
        return finish(records, cursor.at(ts, id, null, maxSeen));
    }

    private Page finish(List<RawRecord> records, SoqlCursor pass) {
        String hwm = SalesforceTime.max(pass.maxSeen(), pass.hwm());
        log.info("source '{}' stream '{}': pass complete, high-water mark {}; Salesforce {}", settings.source(), name(),
                hwm, settings.rules().apiUsage());
        return new Page(records, SoqlCursor.idle(hwm).toJson(), true);
    }

    /** {@code (<cf> > :ts OR (<cf> = :ts AND Id > :id))}, or {@code Id > :id} without a cursor field. */
    private static List<String> keyset(String cf, SoqlCursor cursor) {
        if (cursor.id() == null) {
            return List.of();
        }
        String id = "'" + cursor.id().replace("\\", "\\\\").replace("'", "\\'") + "'";
        if (cf == null || cursor.ts() == null) {
            return List.of("Id > " + id);
        }
        String ts = SalesforceTime.literal(cursor.ts());
        return List.of("(" + cf + " > " + ts + " OR (" + cf + " = " + ts + " AND Id > " + id + "))");
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    // ---- bulk phase

    private Page startBulk(long count) throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("operation", "query");
        body.put("query", "SELECT " + String.join(", ", describe().fields()) + " FROM " + object.name());
        body.put("contentType", "CSV");
        body.put("columnDelimiter", "COMMA");
        body.put("lineEnding", "LF");
        JsonNode job = http.post(dataPath("/jobs/query"), body);
        String jobId = job.path("id").asString(null);
        if (jobId == null) {
            throw new SourceException("source '" + settings.source() + "' stream '" + name()
                    + "': Salesforce accepted the Bulk 2.0 query job but returned no job id", true);
        }
        log.info("source '{}' stream '{}': first load of {} {} records through Bulk API 2.0 job {}", settings.source(),
                name(), count, object.name(), jobId);
        return new Page(List.of(), SoqlCursor.bulk(jobId, null, null).toJson(), false);
    }

    private Page readBulk(SoqlCursor cursor) throws IOException {
        String state = awaitJob(cursor.job());
        if (!"JobComplete".equals(state)) {
            log.warn("source '{}' stream '{}': Bulk 2.0 job {} ended {}; reading {} with the REST query API instead",
                    settings.source(), name(), cursor.job(), state, object.name());
            return new Page(List.of(), SoqlCursor.firstLoad().toJson(), false);
        }
        String path = dataPath("/jobs/query/" + cursor.job() + "/results?maxRecords=" + settings.bulkPageSize())
                + (cursor.locator() == null ? "" : "&locator=" + encode(cursor.locator()));
        TextResponse response = http.getText(path, "text/csv");
        Describe d = describe();
        String cf = d.cursorField();
        String maxSeen = cursor.maxSeen();
        List<RawRecord> records = new ArrayList<>();
        for (ObjectNode r : BulkCsv.records(response.body(), object.name(), settings.apiVersion(), d.types())) {
            String cfValue = r.path(cf).asString(null);
            if (cfValue != null) {
                maxSeen = SalesforceTime.max(maxSeen, SalesforceTime.parse(cfValue).toString());
            }
            records.add(new RawRecord(r.path("Id").asString(), cfValue, false, MAPPER.writeValueAsString(r)));
        }
        String locator = response.header("Sforce-Locator");
        if (locator != null && !locator.isBlank() && !"null".equals(locator)) {
            return new Page(records, SoqlCursor.bulk(cursor.job(), locator, maxSeen).toJson(), false);
        }
        // catch up on what changed while the job ran, from the greatest value it returned
        SoqlCursor live = new SoqlCursor(SoqlCursor.LIVE, maxSeen, null, null, null, maxSeen, null, null, null);
        return new Page(records, live.toJson(), false);
    }

    /** Polls the job with backoff (1 s doubling to 30 s) until it leaves UploadComplete/InProgress. */
    private String awaitJob(String jobId) throws IOException {
        Duration waited = Duration.ZERO;
        Duration delay = Duration.ofSeconds(1);
        while (true) {
            JsonNode info = http.get(dataPath("/jobs/query/" + jobId));
            String state = info.path("state").asString("");
            if (!"UploadComplete".equals(state) && !"InProgress".equals(state)) {
                if (!"JobComplete".equals(state) && info.hasNonNull("errorMessage")) {
                    log.warn("source '{}' stream '{}': Bulk 2.0 job {}: {}", settings.source(), name(), jobId,
                            info.path("errorMessage").asString());
                }
                return state;
            }
            if (waited.compareTo(settings.bulkMaxWait()) >= 0) {
                throw new SourceException("source '" + settings.source() + "' stream '" + name() + "': Bulk 2.0 job "
                        + jobId + " still " + state + " after " + waited.toMinutes() + " min (bulk-max-wait-minutes); "
                        + "the next run resumes waiting for the same job", true);
            }
            try {
                settings.sleeper().sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for Bulk 2.0 job " + jobId);
            }
            waited = waited.plus(delay);
            delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                    : delay.multipliedBy(2);
        }
    }

    // ---- metadata

    private Describe describe() throws IOException {
        if (describe == null) {
            describe = settings.describes().of(object.name(), name(), http);
        }
        return describe;
    }

    private boolean enabled() throws IOException {
        if (enabled == null) {
            enabled = !object.multiCurrency()
                    || settings.describes().of("Opportunity", name(), http).has("CurrencyIsoCode");
        }
        return enabled;
    }

    private String dataPath(String rest) {
        return "/services/data/" + settings.apiVersion() + rest;
    }

    private String queryPath(boolean all, String soql) {
        return dataPath(all ? "/queryAll" : "/query") + "?q=" + encode(soql);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
