package io.crmw.connectors.extract;

import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.spi.CountUnavailableException;
import io.crmw.connectors.spi.IdPage;
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
        var state = warehouse.syncState().get(source, stream.name());
        String cursor = state.map(SyncState::cursor).orElse(null);
        boolean reconcileDue = state.map(SyncState::passStartedAt)
                .map(lastPass -> reconcileDue(session, lastPass)).orElse(false);
        boolean fromScratch = request.fullRefresh() || cursor == null
                || (reconcileDue && !stream.listsIds() && stream.mode() == SyncMode.INCREMENTAL);
        boolean idsPassDue = reconcileDue && !fromScratch && stream.listsIds() && stream.mode() == SyncMode.INCREMENTAL;
        if (fromScratch) {
            // a new pass from scratch: full refresh requested, first run, the previous full-refresh pass completed,
            // or the periodic reconciliation is due and the stream cannot list ids only
            landing.startPass(source, stream.name());
            cursor = null;
        }
        warehouse.runs().startStream(request.runId(), source, stream.name(), cursor);

        Pass pass = new Pass(session, stream, request, cursor);
        String error = null;
        String status = StreamOutcome.SUCCEEDED;
        Long vendorCount = null;
        Long warehouseCount = null;
        try {
            pass.run(fromScratch);
            OptionalLong vendor = pass.vendorCount();
            warehouseCount = landing.liveCount(source, stream.name());
            if (vendor.isPresent() && vendor.getAsLong() < warehouseCount && !fromScratch) {
                // more live records here than at the vendor: ids were deleted without a trace (hard deletes)
                log.info("source '{}' stream '{}': the vendor reports {} live records, the warehouse holds {}; "
                        + "listing {} to find hard-deleted ids", source, stream.name(), vendor.getAsLong(), warehouseCount,
                        stream.listsIds() ? "ids only" : "the whole stream again");
                if (stream.listsIds()) {
                    pass.idsOnly();
                } else {
                    landing.startPass(source, stream.name());
                    pass.cursor = null;
                    pass.run(true);
                }
                vendor = pass.vendorCount();
                warehouseCount = landing.liveCount(source, stream.name());
            } else if (idsPassDue) {
                long listed = pass.idsOnly();
                warehouseCount = landing.liveCount(source, stream.name());
                if (vendor.isEmpty() && !pass.unverified) {
                    vendor = OptionalLong.of(listed);
                }
            }
            if (vendor.isPresent()) {
                vendorCount = vendor.getAsLong();
                if (vendorCount.longValue() != warehouseCount.longValue()) {
                    status = StreamOutcome.FAILED;
                    error = "source '" + source + "' stream '" + stream.name() + "': the vendor reports " + vendorCount
                            + " live records but the warehouse holds " + warehouseCount
                            + "; run `crmw sync --source " + source + " --full-refresh` to re-read the stream";
                }
            } else if (pass.unverified) {
                status = StreamOutcome.UNVERIFIED;
                error = "source '" + source + "' stream '" + stream.name() + "': landed, but not verified: "
                        + pass.unverifiedReason + "; nothing was deleted by count";
            }
        } catch (SourceException e) {
            status = e.resumable() ? StreamOutcome.STOPPED : StreamOutcome.FAILED;
            error = e.getMessage() != null && e.getMessage().startsWith("source '") ? e.getMessage()
                    : "source '" + source + "' " + e.getMessage();
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
        private final SourceSession session;
        private final String source;
        private final Stream stream;
        private final ExtractRequest request;
        private final long started = System.nanoTime();
        String cursor;
        long pages;
        long records;
        long tombstones;
        boolean unverified;
        String unverifiedReason;

        Pass(SourceSession session, Stream stream, ExtractRequest request, String cursor) {
            this.session = session;
            this.source = session.config().name();
            this.stream = stream;
            this.request = request;
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
                if (!last && java.util.Objects.equals(cursorAfter, cursor)) {
                    throw new SourceException("source '" + source + "' stream '" + stream.name() + "': the vendor "
                            + "answered the same page cursor twice (" + abbreviate(cursor) + "); stopped to avoid an "
                            + "endless loop; the pages before it are kept", false);
                }
                var landed = landing.landPage(source, stream.name(), request.runId(), page.records(), cursorAfter, last);
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
                    guardMassDelete(landing.countUnseen(source, stream.name(), passStart), "a complete pass");
                    tombstones += landing.tombstoneUnseen(source, stream.name(), request.runId(), passStart);
                }
            }
        }

        /**
         * Lists the vendor's live ids only (no record fields) and tombstones the warehouse's live ids it lacks.
         * Returns how many distinct ids the vendor listed.
         */
        long idsOnly() throws java.io.IOException {
            RawLanding landing = warehouse.landing();
            landing.startIdPass(source, stream.name());
            String token = null;
            do {
                IdPage page = stream.readIds(token);
                if (page.next() != null && page.next().equals(token)) {
                    throw new SourceException("source '" + source + "' stream '" + stream.name() + "': the vendor "
                            + "answered the same page cursor twice while listing ids; nothing was deleted", false);
                }
                landing.landIds(source, stream.name(), page.ids());
                token = page.next();
            } while (token != null);
            guardMassDelete(landing.countNotListed(source, stream.name()), "an ids-only pass");
            long listed = landing.countListedIds(source, stream.name());
            tombstones += landing.tombstoneNotListed(source, stream.name(), request.runId());
            return listed;
        }

        /** The vendor's count; a count the vendor failed to give marks the stream unverified instead of failing it. */
        OptionalLong vendorCount() throws java.io.IOException {
            try {
                return stream.vendorCount();
            } catch (CountUnavailableException e) {
                unverified = true;
                unverifiedReason = e.getMessage();
                return OptionalLong.empty();
            }
        }

        /** Stops a pass that would tombstone more than the source's share of a stream's live records. */
        private void guardMassDelete(long wouldDelete, String what) {
            if (wouldDelete == 0 || request.allowMassDelete()) {
                return;
            }
            long live = warehouse.landing().liveCount(source, stream.name());
            long percent = session.config().wholeNumber("mass-delete-percent", DEFAULT_MASS_DELETE_PERCENT);
            boolean mass = wouldDelete * 100 > live * percent && (wouldDelete >= 3 || wouldDelete == live);
            if (mass) {
                throw new SourceException("source '" + source + "' stream '" + stream.name() + "': " + what + " would "
                        + "delete " + wouldDelete + " of " + live + " live records, more than the " + percent + " % "
                        + "guard (mass-delete-percent); nothing was deleted. If the vendor really lost them, run `crmw "
                        + "sync --source " + source + " --allow-mass-delete`", false);
            }
        }
    }

    static final long DEFAULT_MASS_DELETE_PERCENT = 10;

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** True when the last pass from scratch is older than the source's reconciliation period. */
    private static boolean reconcileDue(SourceSession session, Instant lastScratchPass) {
        java.time.Duration every = session.config().setting("reconcile-every-days")
                .map(days -> java.time.Duration.ofDays(Long.parseLong(days.strip())))
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
