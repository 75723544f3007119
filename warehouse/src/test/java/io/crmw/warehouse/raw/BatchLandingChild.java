package io.crmw.warehouse.raw;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.state.SyncState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A landing process for {@link PageBatchTest}: pages of {@value #PAGE} records with ids {@code page * PAGE + i}
 * and cursor {@code p<page>}, in batches of {@value #BATCH_ROWS} rows, resumed from the stored cursor, up to page
 * {@code lastPage}. With {@code hangAtPage}, it says {@code mid-batch} once that page is appended (not committed)
 * and waits to be killed.
 * Run: {@code BatchLandingChild <db file> <lastPage> [hangAtPage]}.
 */
public final class BatchLandingChild {

    static final int PAGE = 100;
    static final int BATCH_ROWS = 1_000;

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int lastPage = Integer.parseInt(args[1]);
        int hangAt = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        try (Warehouse wh = Warehouse.open(db)) {
            land(wh, lastPage, hangAt);
        }
    }

    static void land(Warehouse wh, int lastPage, int hangAt) throws InterruptedException {
        String cursor = wh.syncState().get("child", "items").map(SyncState::cursor).orElse(null);
        int first = cursor == null ? 0 : Integer.parseInt(cursor.substring(1)) + 1;
        try (RawLanding.PageBatch batch = wh.landing().openBatch("child", "items", "run",
                new BatchBounds(BATCH_ROWS, 3_600_000))) {
            for (int p = first; p <= lastPage; p++) {
                List<RawRecord> records = new ArrayList<>(PAGE);
                for (int i = 0; i < PAGE; i++) {
                    String id = Integer.toString(p * PAGE + i);
                    records.add(new RawRecord(id, null, false, "{\"id\":\"" + id + "\"}"));
                }
                batch.add(records, "p" + p, p == lastPage);
                if (p == hangAt) {
                    System.out.println("mid-batch " + batch.pendingRows());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
        }
    }
}
