package io.crmw.connectors.kit;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stream declared, not coded (Airbyte's declarative streams, dlt's {@code rest_api}): a CRM says where its records
 * are (phases of GET listings, where the records sit in the answer, how pages follow, which fields are the id and the
 * change time, how the incremental filter is sent) and this class does the rest: paging, the cursor, phases
 * (live listing → archived listing → deleted feed), the high-water mark with lookback, validation of every answer,
 * tombstones and the ids-only listing that finds hard deletes.
 *
 * <p>Cursor: {@link StreamCursor}. A record's {@link RawRecord#cursor()} is its change-time field as sent.
 */
public final class DeclaredStream implements Stream {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /**
     * One listing read in a pass, in order.
     *
     * @param name       for messages, e.g. {@code archived}
     * @param path       path and fixed query, e.g. {@code /api/v2/deals?status=deleted}
     * @param tombstones true when every record of this listing is a delete (a vendor's deleted feed)
     * @param paginator  this listing's own paging; null: the stream's
     * @param recordsAt  this listing's own records array (no envelope); null: the stream's
     * @param own        this listing's own transform (no {@link Spec#query} parameters); null: the stream's
     */
    public record Phase(String name, String path, boolean tombstones, Paginator paginator, String recordsAt,
                        PageTransform own) {
        public Phase(String name, String path, boolean tombstones) {
            this(name, path, tombstones, null, null, null);
        }

        /** Records land through this listing's own transform, without the stream's query parameters. */
        public boolean asReceived() {
            return own != null;
        }
    }

    private static final PageTransform AS_RECEIVED = (records, http) -> records;

    /** Turns the records of one page into the records to land (enrich them, or fetch their children). */
    @FunctionalInterface
    public interface PageTransform {
        List<ObjectNode> apply(List<ObjectNode> records, StreamHttp http) throws IOException;
    }

    /** A {@link PageTransform} that is told which listing the page is of (its {@link Phase#name()}). */
    @FunctionalInterface
    public interface PhaseTransform {
        List<ObjectNode> apply(String phase, List<ObjectNode> records, StreamHttp http) throws IOException;
    }

    /** Query parameters only the vendor can tell (a field list, a layout id); implementations read them once per run. */
    @FunctionalInterface
    public interface QueryParams {
        Map<String, String> of(StreamHttp http) throws IOException;
    }

    private final Spec spec;
    private final String source;
    private final StreamHttp http;
    private final Clock clock;

    private DeclaredStream(Spec spec, String source, StreamHttp http, Clock clock) {
        this.spec = spec;
        this.source = source;
        this.http = http;
        this.clock = clock;
    }

    public static Spec named(String name) {
        return new Spec(name);
    }

    @Override
    public String name() {
        return spec.name;
    }

    @Override
    public String primaryKey() {
        return String.join(":", spec.idFields);
    }

    @Override
    public String cursorField() {
        return spec.cursorField;
    }

    @Override
    public SyncMode mode() {
        return spec.isIncremental() ? SyncMode.INCREMENTAL : SyncMode.FULL_REFRESH;
    }

    @Override
    public Page read(String cursorText) throws IOException {
        StreamCursor cursor = StreamCursor.parse(cursorText).started(clock.instant());
        Phase phase = spec.phases.get(cursor.phase());
        Paginator paginator = paginator(phase);
        String asked = cursor.token() != null ? cursor.token() : cursor.resumeOf(phase.name());
        Map<String, String> params = query(phase);
        params.putAll(paginator.params(asked));
        Map<String, String> headers = Map.of();
        if (spec.sinceParam != null && cursor.since() != null) {
            params.put(spec.sinceParam, VendorTime.rfc3339(cursor.since()));
        }
        if (spec.sinceHeader != null && cursor.since() != null) {
            headers = Map.of(spec.sinceHeader, VendorTime.isoWithOffset(cursor.since()));
        }
        String url = url(phase.path(), params);
        Listing listing = fetch(url, headers, phase);
        String next = listing.next;
        List<ObjectNode> listed = listing.records;
        if (spec.newestFirst && !phase.tombstones() && cursor.since() != null) {
            int older = firstChangedBefore(listed, cursor.since());
            if (older >= 0) { // cut before the transform, so no child of an unchanged record is read
                listed = listed.subList(0, older);
                next = null;
            }
        }
        if (spec.childrenChangedAt != null && !phase.tombstones() && cursor.since() != null) {
            listed = changedChildren(listed, cursor.since());
        }
        List<ObjectNode> landed = phase.asReceived() ? phase.own().apply(listed, http) : transform(phase, listed);

        Instant seen = null;
        List<RawRecord> records = new ArrayList<>(landed.size());
        Map<String, Instant> keys = new LinkedHashMap<>(); // id@change time of every record on an overlapping page
        for (ObjectNode r : landed) {
            String changed = text(r, spec.cursorField);
            Instant at = VendorTime.parse(changed).orElse(null);
            if (spec.newestFirst && !phase.tombstones() && cursor.since() != null && at != null
                    && at.isBefore(cursor.since())) {
                next = null; // newest first: everything from here on was read by an earlier pass
                break;
            }
            seen = VendorTime.later(seen, at);
            String id = id(r, url, spec.idFields);
            if (paginator.overlaps()) {
                String key = id + "@" + changed;
                keys.put(key, at);
                if (cursor.overlap() != null && cursor.overlap().contains(key)) {
                    continue; // the previous page's last instant, answered again
                }
            }
            boolean deleted = phase.tombstones() || spec.deletedWhen.test(r);
            records.add(new RawRecord(id, changed, deleted, MAPPER.writeValueAsString(r)));
        }
        if (paginator.overlaps() && !keys.isEmpty()) {
            Instant last = keys.values().stream().filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
            cursor = cursor.withOverlap(keys.entrySet().stream().filter(e -> java.util.Objects.equals(e.getValue(), last))
                    .map(Map.Entry::getKey).toList());
        }
        if (next != null) {
            refuseSameToken(next, asked, url);
            return new Page(records, cursor.nextPage(next, seen).toJson(), false);
        }
        cursor = cursor.resumeAt(phase.name(), listing.resume);
        if (cursor.phase() + 1 < spec.phases.size()) {
            return new Page(records, cursor.nextPhase(seen).toJson(), false);
        }
        StreamCursor done = cursor.nextPage(null, seen);
        return new Page(records, mode() == SyncMode.FULL_REFRESH ? null : done.nextRun(spec.lookback).toJson(), true);
    }

    @Override
    public boolean listsIds() {
        return true;
    }

    /** Live ids over every listing that is not a deleted feed, without the incremental filter. */
    @Override
    public IdPage readIds(String tokenText) throws IOException {
        StreamCursor cursor = StreamCursor.parse(tokenText);
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < spec.phases.size(); i++) {
            if (!spec.phases.get(i).tombstones()) {
                live.add(i);
            }
        }
        int phaseIndex = Math.max(cursor.phase(), live.get(0));
        Phase phase = spec.phases.get(phaseIndex);
        Map<String, String> params = query(phase);
        params.putAll(paginator(phase).params(cursor.token()));
        params.putAll(spec.idsParams);
        String url = url(phase.path(), params);
        Listing listing = fetch(url, Map.of(), phase);
        List<String> ids = new ArrayList<>(listing.records.size());
        for (ObjectNode r : listing.records) {
            if (!spec.deletedWhen.test(r)) {
                ids.add(id(r, url, spec.listedIdFields()));
            }
        }
        if (listing.next != null) {
            refuseSameToken(listing.next, cursor.token(), url);
            return new IdPage(ids, new StreamCursor(phaseIndex, listing.next, null, null, null).toJson());
        }
        int nextLive = live.indexOf(phaseIndex) + 1;
        return new IdPage(ids, nextLive < live.size()
                ? new StreamCursor(live.get(nextLive), null, null, null, null).toJson() : null);
    }

    private record Listing(List<ObjectNode> records, String next, String resume) {}

    /** Newest first: the index of the first record changed before {@code since} (read by an earlier pass), or -1. */
    private int firstChangedBefore(List<ObjectNode> records, Instant since) {
        for (int i = 0; i < records.size(); i++) {
            Instant at = VendorTime.parse(text(records.get(i), spec.cursorField)).orElse(null);
            if (at != null && at.isBefore(since)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The parents whose children may have changed since {@code since}: those whose {@link Spec#childrenChangedAt}
     * time is at or after it, or absent (a parent without children costs no call). The others are not landed again.
     */
    private List<ObjectNode> changedChildren(List<ObjectNode> parents, Instant since) {
        List<ObjectNode> changed = new ArrayList<>(parents.size());
        for (ObjectNode p : parents) {
            Instant moved = VendorTime.parse(text(p, spec.childrenChangedAt)).orElse(null);
            if (moved == null || !moved.isBefore(since)) {
                changed.add(p);
            }
        }
        return changed;
    }

    private List<ObjectNode> transform(Phase phase, List<ObjectNode> records) throws IOException {
        if (spec.transform == null) {
            return records;
        }
        try {
            return spec.transform.apply(phase.name(), records, http);
        } catch (SourceException e) {
            throw new SourceException("source '" + source + "' stream '" + spec.name + "': " + e.getMessage(),
                    e.resumable(), e);
        }
    }

    private Map<String, String> query(Phase phase) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        if (spec.query != null && !phase.asReceived()) {
            params.putAll(spec.query.of(http)); // its HTTP failures name source and stream already
        }
        return params;
    }

    private Paginator paginator(Phase phase) {
        return phase.paginator() != null ? phase.paginator() : spec.paginator;
    }

    /** A vendor that answers the token it was asked with would page forever. */
    private void refuseSameToken(String next, String asked, String url) {
        if (next.equals(asked)) {
            throw new SourceException("source '" + source + "' stream '" + spec.name + "': GET " + pathOnly(url)
                    + " answered the page token it was asked with; stopped to avoid an endless loop", false);
        }
    }

    /** GET and validate; an answer that is not a page is asked for again, then the stream stops resumably. */
    private Listing fetch(String url, Map<String, String> headers, Phase phase) throws IOException {
        Paginator paginator = paginator(phase);
        return Answers.validated("source '" + source + "' stream '" + spec.name + "': GET " + pathOnly(url),
                () -> http.get(url, headers), response -> {
                    List<ObjectNode> records = phase.recordsAt() != null
                            ? RecordSelector.select(response, phase.recordsAt())
                            : RecordSelector.select(response, spec.recordsAt, spec.itemAt);
                    return new Listing(records, paginator.next(response, records.size()), paginator.resume(response));
                });
    }

    /** The record's id; a composite id joins its fields' values with ':'. */
    private String id(ObjectNode record, String url, List<String> fields) throws IOException {
        List<String> parts = new ArrayList<>(fields.size());
        for (String field : fields) {
            String id = text(record, field);
            if (id == null || id.isBlank()) {
                throw new SourceException("source '" + source + "' stream '" + spec.name + "': a record from GET "
                        + pathOnly(url) + " has no '" + field + "'; nothing was landed from this page", true);
            }
            parts.add(id);
        }
        return String.join(":", parts);
    }

    private static String text(JsonNode record, String field) {
        JsonNode v = record.path(field);
        return v.isValueNode() && !v.isNull() ? v.asString() : null;
    }

    private static String url(String path, Map<String, String> params) {
        StringBuilder url = new StringBuilder(path);
        params.forEach((k, v) -> url.append(url.indexOf("?") < 0 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return url.toString();
    }

    private static String pathOnly(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** The declaration of one stream; {@link #build} makes the stream of one source. */
    public static final class Spec {
        private final String name;
        private final List<Phase> phases = new ArrayList<>();
        private String recordsAt = "/data";
        private String itemAt;
        private boolean newestFirst;
        private Paginator paginator = Paginator.single();
        private List<String> idFields = List.of("id");
        private String cursorField = "update_time";
        private String sinceParam;
        private String sinceHeader;
        private QueryParams query;
        private Duration lookback = Duration.ofMinutes(10);
        private Predicate<JsonNode> deletedWhen = r -> false;
        private PhaseTransform transform;
        private final Map<String, String> idsParams = new LinkedHashMap<>();
        private String listedIdField;
        private String childrenChangedAt;
        private boolean shared;

        private Spec(String name) {
            this.name = name;
        }

        /** A listing of live records. */
        public Spec get(String pathAndQuery) {
            phases.add(new Phase("live", pathAndQuery, false));
            return this;
        }

        /** A further listing of live records read after the first (e.g. archived deals). */
        public Spec thenGet(String phaseName, String pathAndQuery) {
            phases.add(new Phase(phaseName, pathAndQuery, false));
            return this;
        }

        /** A listing whose every record is a delete, read last. */
        public Spec deletedFeed(String pathAndQuery) {
            phases.add(new Phase("deleted", pathAndQuery, true));
            return this;
        }

        /**
         * A listing whose every record is a delete, read last with its own paging and landed as received (no
         * transform, no {@link #query} parameters): Zoho's {@code /<Module>/deleted}.
         */
        public Spec deletedFeed(String pathAndQuery, Paginator paginator) {
            phases.add(new Phase("deleted", pathAndQuery, true, paginator, null, AS_RECEIVED));
            return this;
        }

        /**
         * A feed of change events read with its own paging, records array and transform, which picks the deletes:
         * every record it returns is a tombstone (Sell's Firehose, whose {@code deleted} events name the id). Read in
         * declaration order: declared first, it is read before the live listing.
         */
        public Spec deletedFeed(String pathAndQuery, Paginator paginator, String recordsAt, PageTransform picks) {
            phases.add(new Phase("deleted", pathAndQuery, true, paginator, recordsAt, picks));
            return this;
        }

        /** Query parameters asked of the vendor (once per run, by the implementation) for every listing not as received. */
        public Spec query(QueryParams params) {
            this.query = params;
            return this;
        }

        /** JSON pointer of the records array, e.g. {@code /data}; a page without it is malformed. */
        public Spec records(String pointer) {
            this.recordsAt = pointer;
            return this;
        }

        /** Records in envelopes: the array at {@code pointer}, each record at {@code itemPointer} of its item. */
        public Spec records(String pointer, String itemPointer) {
            this.recordsAt = pointer;
            this.itemAt = itemPointer;
            return this;
        }

        public Spec paginator(Paginator paginator) {
            this.paginator = paginator;
            return this;
        }

        /** The id field; several fields make a composite id, their values joined with ':'. */
        public Spec id(String... fields) {
            this.idFields = List.of(fields);
            return this;
        }

        /** The record's change time, e.g. {@code update_time}: the incremental high-water mark. */
        public Spec changedAt(String field) {
            this.cursorField = field;
            return this;
        }

        /** Incremental: the filter parameter taking an RFC 3339 lower bound, e.g. {@code updated_since}. */
        public Spec incremental(String sinceParameter, Duration lookback) {
            this.sinceParam = sinceParameter;
            this.lookback = lookback;
            return this;
        }

        /**
         * Incremental: the request header taking an ISO-8601 lower bound with offset, e.g. Zoho's
         * {@code If-Modified-Since: 2024-05-01T00:00:00+00:00}.
         */
        public Spec incrementalHeader(String header, Duration lookback) {
            this.sinceHeader = header;
            this.lookback = lookback;
            return this;
        }

        /**
         * Incremental without a filter parameter: the listing is sorted newest change first (Sell's
         * {@code sort_by=updated_at:desc}), and a pass ends at the first record changed before its since.
         */
        public Spec newestFirst(Duration lookback) {
            this.newestFirst = true;
            this.lookback = lookback;
            return this;
        }

        /** Records of live listings that are deletes all the same (e.g. {@code is_deleted: true}). */
        public Spec deletedWhen(Predicate<JsonNode> test) {
            this.deletedWhen = test;
            return this;
        }

        public Spec transform(PageTransform transform) {
            this.transform = (phase, records, http) -> transform.apply(records, http);
            return this;
        }

        public Spec transformByPhase(PhaseTransform transform) {
            this.transform = transform;
            return this;
        }

        /** Extra query parameters for the ids-only listing (e.g. the largest page size). */
        public Spec idsParam(String key, String value) {
            idsParams.put(key, value);
            return this;
        }

        /**
         * The id field of the listing itself, when a transform lands records keyed otherwise (deal products keyed by
         * {@code deal_id} are listed as deals, keyed by {@code id}); the ids-only pass reads the listing untransformed.
         */
        public Spec listedId(String field) {
            this.listedIdField = field;
            return this;
        }

        /**
         * For a stream that reads each listed parent's children (a deal's changelog): the parent's field holding when
         * they last changed (Pipedrive's {@code stage_change_time}). An incremental pass reads and lands only parents
         * whose field is at or after its since, or absent; the children of the others are as an earlier pass read them.
         */
        public Spec childrenChangedAt(String field) {
            this.childrenChangedAt = field;
            return this;
        }

        /**
         * A small reference listing (field metadata) that transforms of other streams read too: each of its URLs is
         * fetched once per run and shared by every stream asking for it ({@link SharedListings}).
         */
        public Spec sharedWithinRun() {
            this.shared = true;
            return this;
        }

        /** The paths (without query) of a {@link #sharedWithinRun} stream's listings; empty for others. */
        java.util.stream.Stream<String> sharedPaths() {
            return shared ? phases.stream().map(p -> SharedListings.pathOf(p.path())) : java.util.stream.Stream.empty();
        }

        private List<String> listedIdFields() {
            return listedIdField != null ? List.of(listedIdField) : idFields;
        }

        public String name() {
            return name;
        }

        /** A time filter, newest-first reading or a feed position kept across passes. */
        public boolean isIncremental() {
            return sinceParam != null || sinceHeader != null || newestFirst || paginator.resumes()
                    || phases.stream().anyMatch(p -> p.paginator() != null && p.paginator().resumes());
        }

        public Spec lookback(Duration value) {
            this.lookback = value;
            return this;
        }

        /** An independent copy, so a shared declaration can be completed per source. */
        public Spec copy() {
            Spec c = new Spec(name);
            c.phases.addAll(phases);
            c.recordsAt = recordsAt;
            c.itemAt = itemAt;
            c.newestFirst = newestFirst;
            c.paginator = paginator;
            c.idFields = idFields;
            c.cursorField = cursorField;
            c.sinceParam = sinceParam;
            c.sinceHeader = sinceHeader;
            c.query = query;
            c.lookback = lookback;
            c.deletedWhen = deletedWhen;
            c.transform = transform;
            c.idsParams.putAll(idsParams);
            c.listedIdField = listedIdField;
            c.childrenChangedAt = childrenChangedAt;
            c.shared = shared;
            return c;
        }

        public DeclaredStream build(String source, StreamHttp http, Clock clock) {
            if (phases.isEmpty()) {
                throw new IllegalStateException("stream " + name + " declares no listing");
            }
            return new DeclaredStream(this, source, http, clock);
        }
    }
}
