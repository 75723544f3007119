package io.crmw.connectors.kit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a declared stream between pages, stored as small JSON with each page:
 * {@code {"phase":0,"token":"eyJ…","since":"2024-05-01T00:00:00Z","maxSeen":"…","passStart":"…"}}.
 *
 * @param phase     index of the phase being read (live listing, archived listing, deleted feed…)
 * @param token     the paginator's token for the next page of this phase; null = its first page
 * @param since     lower bound of the incremental filter of this pass; null = everything (first load)
 * @param maxSeen   greatest record cursor (e.g. {@code update_time}) seen in this pass; null if none yet
 * @param passStart when this pass read its first page; bounds the next since, so changes made while paging are
 *                  read again next run
 * @param resume    per phase name, the feed position the phase's next pass starts at ({@link Paginator#resume}:
 *                  Zendesk's export {@code after_cursor}, Sell's Firehose position); null = none kept
 * @param overlap   keys ({@code id@change time}) of the last page's records at its latest change time, which a
 *                  paginator whose pages overlap ({@link Paginator#overlaps}) answers again: skipped, not landed twice
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamCursor(int phase, String token, Instant since, Instant maxSeen, Instant passStart,
                           Map<String, String> resume, List<String> overlap) {

    public StreamCursor(int phase, String token, Instant since, Instant maxSeen, Instant passStart) {
        this(phase, token, since, maxSeen, passStart, null, null);
    }

    public static StreamCursor fromScratch() {
        return new StreamCursor(0, null, null, null, null);
    }

    public static StreamCursor parse(String json) {
        StreamCursor cursor = Cursors.parse(json, StreamCursor.class);
        return cursor == null ? fromScratch() : cursor;
    }

    public String toJson() {
        return Cursors.json(this);
    }

    StreamCursor started(Instant now) {
        return passStart == null ? new StreamCursor(phase, token, since, maxSeen, now, resume, overlap) : this;
    }

    StreamCursor nextPage(String nextToken, Instant seen) {
        return new StreamCursor(phase, nextToken, since, VendorTime.later(maxSeen, seen), passStart, resume, overlap);
    }

    StreamCursor nextPhase(Instant seen) {
        return new StreamCursor(phase + 1, null, since, VendorTime.later(maxSeen, seen), passStart, resume, overlap);
    }

    /** Where the phase named {@code name} starts: its kept feed position, or null for its first page. */
    String resumeOf(String name) {
        return resume == null ? null : resume.get(name);
    }

    /** The phase named {@code name} ended at feed position {@code position} (null: keep what was kept). */
    StreamCursor resumeAt(String name, String position) {
        if (position == null) {
            return this;
        }
        Map<String, String> kept = new LinkedHashMap<>(resume == null ? Map.of() : resume);
        kept.put(name, position);
        return new StreamCursor(phase, token, since, maxSeen, passStart, kept, overlap);
    }

    StreamCursor withOverlap(List<String> keys) {
        return new StreamCursor(phase, token, since, maxSeen, passStart, resume, keys == null || keys.isEmpty() ? null
                : List.copyOf(keys));
    }

    /**
     * Where the next run starts: {@code min(maxSeen, passStart) − lookback}, never before this pass's since (an empty
     * pass keeps since as it is instead of drifting back a lookback each run); feed positions and the overlap are kept.
     */
    StreamCursor nextRun(Duration lookback) {
        if (maxSeen == null) {
            return new StreamCursor(0, null, since, null, null, resume, overlap);
        }
        Instant high = passStart == null || maxSeen.isBefore(passStart) ? maxSeen : passStart;
        Instant next = high.minus(lookback);
        return new StreamCursor(0, null, since != null && since.isAfter(next) ? since : next, null, null, resume,
                overlap);
    }
}
