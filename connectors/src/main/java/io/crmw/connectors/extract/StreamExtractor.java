package io.crmw.connectors.extract;

import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.runs.StreamRunResult;
import io.crmw.warehouse.state.SyncState;
import java.time.Instant;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one paging loop of the product: reads a stream page by page from its stored cursor and lands every
 * page together with the cursor after it in one transaction, so a crash at any instant loses and doubles
 * nothing. Then reconciles the warehouse's live count with the vendor's own count.
 */
public final class StreamExtractor {
    private static final Logger log = LoggerFactory.getLogger(StreamExtractor.class);

    private final Warehouse warehouse;
    private final ExtractProgress progress;

    public StreamExtractor(Warehouse warehouse, ExtractProgress progress) {
        this.warehouse = warehouse;
        this.progress = progress;
    }

    StreamOutcome extract(SourceSession session, Stream stream, ExtractRequest request) {
        String source = session.config().name();
        RawLanding landing = warehouse.landing();
        String cursor = startingCursor(session, stream, request, landing);
        boolean fromScratch = cursor == null;
        warehouse.runs().startStream(request.runId(), source, stream.name(), cursor);

        Pass pass = new Pass(source, stream, request.runId(), cursor);
        String error = null;
        String status = StreamOutcome.SUCCEEDED;
        Long vendorCount = null;
        Long warehouseCount = null;
        try {
            pass.run(fromScratch);
            OptionalLong vendor = stream.vendorCount();
            warehouseCount = landing.liveCount(source, stream.name());
            if (vendor.isPresent() && vendor.getAsLong() < warehouseCount && !fromScratch) {
                // more live records here than at the vendor: ids were deleted without a trace (hard deletes);
                // a pass from scratch finds them, once per run
                log.info("source '{}' stream '{}': the vendor reports {} live records, the warehouse holds {}; "
                        + "re-reading the stream to find hard-deleted ids", source, stream.name(), vendor.getAsLong(), warehouseCount);
                landing.startPass(source, stream.name());
                pass.cursor = null;
                pass.run(true);
                vendor = stream.vendorCount();
                warehouseCount = landing.liveCount(source, stream.name());
            }
            if (vendor.isPresent()) {
                vendorCount = vendor.getAsLong();
                if (vendorCount.longValue() != warehouseCount.longValue()) {
                    status = StreamOutcome.FAILED;
                    error = "source '" + source + "' stream '" + stream.name() + "': the vendor reports " + vendorCount
                            + " live records but the warehouse holds " + warehouseCount
                            + "; run `crmw sync --source " + source + " --full-refresh` to re-read the stream";
                }
            }
        } catch (SourceException e) {
            status = e.resumable() ? StreamOutcome.STOPPED : StreamOutcome.FAILED;
            error = e.getMessage();
        } catch (Exception e) {
            status = StreamOutcome.FAILED;
            error = "source '" + source + "' stream '" + stream.name() + "': " + describe(e)
                    + "; the cursor stays at the last committed page, the next run resumes there";
        }
        if (error != null) {
            log.warn("{}", error);
        }
        CallStats http = session.http().stats(stream.name());
        StreamOutcome outcome = new StreamOutcome(source, stream.name(), status, pass.pages, pass.records, pass.tombstones,
                http, vendorCount, warehouseCount, error);
        warehouse.runs().finishStream(request.runId(), stream.name(), new StreamRunResult(status, pass.pages, pass.records,
                pass.tombstones, http.calls(), http.retries(), http.throttled(), vendorCount, warehouseCount, pass.cursor, error));
        progress.streamFinished(outcome);
        return outcome;
    }

    /** Reads pages from the cursor to the end of the pass, landing each with the cursor after it. */
    private final class Pass {
        private final String source;
        private final Stream stream;
        private final String runId;
        private final long started = System.nanoTime();
        String cursor;
        long pages;
        long records;
        long tombstones;

        Pass(String source, Stream stream, String runId, String cursor) {
            this.source = source;
            this.stream = stream;
            this.runId = runId;
            this.cursor = cursor;
        }

        void run(boolean fromScratch) throws java.io.IOException {
            RawLanding landing = warehouse.landing();
            boolean last = false;
            while (!last) {
                var page = stream.read(cursor);
                last = page.last();
                // a completed full-refresh pass starts from scratch next time
                String cursorAfter = last && stream.mode() == SyncMode.FULL_REFRESH ? null : page.cursorAfter();
                var landed = landing.landPage(source, stream.name(), runId, page.records(), cursorAfter, last);
                cursor = cursorAfter;
                pages++;
                records += landed.records();
                tombstones += landed.tombstones();
                progress.pageLanded(source, stream.name(), pages, records, perSecond(records, started));
            }
            if (stream.mode() == SyncMode.FULL_REFRESH || fromScratch) {
                // a complete pass from scratch saw every live id: the ones it did not see were deleted (hard deletes)
                Instant passStart = warehouse.syncState().get(source, stream.name())
                        .map(SyncState::passStartedAt).orElse(null);
                if (passStart != null) {
                    tombstones += landing.tombstoneUnseen(source, stream.name(), runId, passStart);
                }
            }
        }
    }

    private String startingCursor(SourceSession session, Stream stream, ExtractRequest request, RawLanding landing) {
        String source = session.config().name();
        var state = warehouse.syncState().get(source, stream.name());
        String cursor = state.map(SyncState::cursor).orElse(null);
        boolean reconcileDue = state.map(SyncState::passStartedAt)
                .map(lastScratchPass -> reconcileDue(session, lastScratchPass)).orElse(false);
        if (request.fullRefresh() || cursor == null || reconcileDue) {
            // a new pass from scratch: full refresh requested, first run, the previous full-refresh pass completed,
            // or the periodic id reconciliation is due
            landing.startPass(source, stream.name());
            return null;
        }
        return cursor;
    }

    /** True when the last pass from scratch is older than the source's reconciliation period. */
    private static boolean reconcileDue(SourceSession session, Instant lastScratchPass) {
        java.time.Duration every = session.config().setting("reconcile-every-days")
                .map(days -> java.time.Duration.ofDays(Long.parseLong(days.trim())))
                .orElse(session.connector().reconcileEvery());
        return !every.isZero() && lastScratchPass.plus(every).isBefore(Instant.now());
    }

    private static double perSecond(long records, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : records / seconds;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
