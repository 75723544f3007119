package io.crmw.connectors.salesforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crmw.connectors.kit.Cursors;


/**
 * Cursor of a Salesforce stream, stored as small JSON, e.g. mid-pass
 * {@code {"phase":"live","since":"2024-05-20T13:53:11Z","ts":"2024-05-20T14:03:11Z","id":"0065g00000XyZabAAB",
 * "next":"/services/data/v62.0/query/01gxx-2000","maxSeen":"2024-05-20T14:03:11Z"}} and between runs
 * {@code {"phase":"idle","hwm":"2024-05-20T14:03:11Z"}}. Instants are ISO-8601 UTC ({@code Instant.toString()}).
 *
 * @param phase   {@code bulk} (Bulk 2.0 first load), {@code live} (SOQL on the cursor field, deletes included in
 *                windows), {@code idle} (pass complete; next run starts at {@code hwm − lookback-minutes});
 *                {@code deleted} is only read from cursors stored by earlier versions (the window is read again)
 * @param since   lower bound (inclusive) of this pass on the cursor field; null = everything (first load)
 * @param ts      cursor-field value of the last record read in this phase (keyset position); null = phase start
 * @param id      {@code Id} of that record, the tie-breaker at equal {@code ts} (full-refresh streams: the only key)
 * @param next    {@code nextRecordsUrl} of the query in progress; only followed within the process that got it (query
 *                cursors expire), after a restart the keyset ({@code ts}, {@code id}) re-issues the query
 * @param maxSeen greatest cursor-field value read in this pass
 * @param hwm     the previous pass's high-water mark (greatest cursor-field value ever read); kept through a pass so
 *                an empty pass does not move it
 * @param job     Bulk 2.0 query job id
 * @param locator Bulk 2.0 {@code Sforce-Locator} of the next results page; null = first page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SoqlCursor(String phase, String since, String ts, String id, String next, String maxSeen, String hwm,
                  String job, String locator) {

    static final String BULK = "bulk";
    static final String LIVE = "live";
    static final String DELETED = "deleted";
    static final String IDLE = "idle";

    static SoqlCursor firstLoad() {
        return new SoqlCursor(LIVE, null, null, null, null, null, null, null, null);
    }

    static SoqlCursor parse(String text) {
        return Cursors.parse(text, SoqlCursor.class);
    }

    String toJson() {
        return Cursors.json(this);
    }

    static SoqlCursor livePass(String since, String hwm) {
        return new SoqlCursor(LIVE, since, null, null, null, null, hwm, null, null);
    }

    static SoqlCursor idle(String hwm) {
        return new SoqlCursor(IDLE, null, null, null, null, null, hwm, null, null);
    }

    static SoqlCursor bulk(String job, String locator, String maxSeen) {
        return new SoqlCursor(BULK, null, null, null, null, maxSeen, null, job, locator);
    }

    SoqlCursor at(String newTs, String newId, String newNext, String newMaxSeen) {
        return new SoqlCursor(phase, since, newTs, newId, newNext, newMaxSeen, hwm, job, locator);
    }

}
