package io.crmw.connectors.kit;

import java.time.Duration;
import java.time.Instant;

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
 */
public record StreamCursor(int phase, String token, Instant since, Instant maxSeen, Instant passStart) {

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
        return passStart == null ? new StreamCursor(phase, token, since, maxSeen, now) : this;
    }

    StreamCursor nextPage(String nextToken, Instant seen) {
        return new StreamCursor(phase, nextToken, since, VendorTime.later(maxSeen, seen), passStart);
    }

    StreamCursor nextPhase(Instant seen) {
        return new StreamCursor(phase + 1, null, since, VendorTime.later(maxSeen, seen), passStart);
    }

    /**
     * Where the next run starts: {@code min(maxSeen, passStart) − lookback}, never before this pass's since (an empty
     * pass keeps since as it is instead of drifting back a lookback each run).
     */
    StreamCursor nextRun(Duration lookback) {
        if (maxSeen == null) {
            return new StreamCursor(0, null, since, null, null);
        }
        Instant high = passStart == null || maxSeen.isBefore(passStart) ? maxSeen : passStart;
        Instant next = high.minus(lookback);
        return new StreamCursor(0, null, since != null && since.isAfter(next) ? since : next, null, null);
    }
}
