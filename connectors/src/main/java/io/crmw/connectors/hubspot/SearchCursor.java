package io.crmw.connectors.hubspot;

import io.crmw.connectors.kit.Cursors;


/**
 * Cursor of an incremental CRM object stream, stored as small JSON:
 * {@code {"since":1714521600000,"lastId":18231,"after":"400","passStart":1716200000000,"maxSeen":1716199000000,"phase":"live"}}.
 *
 * @param since     epoch ms; search filter {@code <last-modified> GTE since}
 * @param lastId    search filter {@code hs_object_id GT lastId} (moves forward at each 10,000-result restart)
 * @param after     the search's / archived listing's paging token within the current query; null = first page
 * @param passStart epoch ms when this pass's first page was read; null before the pass starts
 * @param maxSeen   greatest last-modified (epoch ms) seen in this pass; null if none yet
 * @param phase     {@code list} (first load: the list endpoint, associations inline), {@code live} (search of the
 *                  changes since {@code since}) or {@code archived} (tombstones from {@code ?archived=true})
 */
record SearchCursor(long since, long lastId, String after, Long passStart, Long maxSeen, String phase) {

    static final String LIVE = "live";
    static final String ARCHIVED = "archived";
    static final String LIST = "list";

    /** Everything: the list endpoint, associations inline. */
    static SearchCursor fullHistory() {
        return new SearchCursor(0, 0, null, null, null, LIST);
    }

    /** The records changed since {@code since}: search; a pass from the beginning of time lists everything instead. */
    static SearchCursor startingAt(long since) {
        return since <= 0 ? fullHistory() : new SearchCursor(since, 0, null, null, null, LIVE);
    }

    static SearchCursor parse(String text) {
        SearchCursor cursor = Cursors.parse(text, SearchCursor.class);
        return cursor == null ? fullHistory() : cursor;
    }

    String toJson() {
        return Cursors.json(this);
    }

    SearchCursor listAfter(String newAfter, Long newMaxSeen) {
        return new SearchCursor(since, lastId, newAfter, passStart, newMaxSeen, LIST);
    }

    SearchCursor withPassStart(long now) {
        return new SearchCursor(since, lastId, after, now, maxSeen, phase);
    }

    SearchCursor next(long newLastId, String newAfter, Long newMaxSeen) {
        return new SearchCursor(since, newLastId, newAfter, passStart, newMaxSeen, phase);
    }

    SearchCursor archivedPhase() {
        return new SearchCursor(since, lastId, null, passStart, maxSeen, ARCHIVED);
    }

    SearchCursor archivedAfter(String newAfter) {
        return new SearchCursor(since, lastId, newAfter, passStart, maxSeen, ARCHIVED);
    }

    /**
     * Where the next run starts: {@code min(maxSeen, passStart) − lookback}, never earlier than this run's since
     * (an empty pass keeps since as it is, so it does not drift back by a lookback each run).
     */
    SearchCursor nextRun(long lookbackMillis) {
        if (maxSeen == null) {
            return startingAt(since);
        }
        long high = passStart == null ? maxSeen : Math.min(maxSeen, passStart);
        return startingAt(Math.max(since, high - lookbackMillis));
    }
}
