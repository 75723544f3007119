package io.crmw.connectors.extract;

import io.crmw.connectors.http.BeforeLongWait;
import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.CountUnavailableException;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.SourceStores;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.BatchBounds;
import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.runs.StreamRunResult;
import io.crmw.warehouse.state.SyncState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one paging loop of the product: reads a stream page by page from its stored cursor and lands the pages in
 * batches (bounded by rows and milliseconds), each batch together with the cursor after its last page in one
 * transaction, so a crash at any instant loses and doubles nothing and re-reads at most one batch. Then reconciles the warehouse's live count with the vendor's own count. Two bounds stop a pass that would
 * not end: the source's {@code run-deadline-minutes} (checked before every page; the stream stops resumably) and a
 * paging guard (the same cursor twice, or far more records than the vendor's count allows, fails the stream).
 */
public final class StreamExtractor {
    private static final Logger log = LoggerFactory.getLogger(StreamExtractor.class);

    private final SourceStores stores;
    private final ExtractProgress progress;
    private final Clock clock;
    private final BatchBounds batchBounds;
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    public StreamExtractor(Warehouse warehouse, ExtractProgress progress) {
        this(warehouse, progress, Clock.systemUTC());
    }

    /** With the clock the run deadline is read from (tests move it). */
    public StreamExtractor(Warehouse warehouse, ExtractProgress progress, Clock clock) {
        this(SourceStores.single(warehouse), progress, clock, BatchBounds.DEFAULT);
    }

    /** With the bounds of a landing batch (tests make them small to see several batches in a small stream). */
    public StreamExtractor(Warehouse warehouse, ExtractProgress progress, Clock clock, BatchBounds batchBounds) {
        this(SourceStores.single(warehouse), progress, clock, batchBounds);
    }

    /** Landing each source into its own store (cluster mode). */
    public StreamExtractor(SourceStores stores, ExtractProgress progress, Clock clock, BatchBounds batchBounds) {
        this.stores = stores;
        this.progress = progress;
        this.clock = clock;
        this.batchBounds = batchBounds;
    }

    /**
     * Stops every stream at its next page boundary (resumably, status {@code interrupted}) and refuses new ones; waits
     * up to {@code wait} for the running ones to end. For a process that was asked to stop (SIGTERM).
     */
    public boolean stopAll(Duration wait) {
        stopping = true;
        long end = System.nanoTime() + wait.toNanos();
        while (active.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return active.get() == 0;
    }

    StreamOutcome extract(SourceSession session, Stream stream, ExtractRequest request) {
        if (stopping) {
            return new StreamOutcome(session.config().name(), stream.name(), StreamOutcome.INTERRUPTED, 0, 0, 0,
                    new CallStats(0, 0, 0), null, null, "not started: crmw is stopping");
        }
        active.incrementAndGet();
        try {
            return extractNow(session, stream, request);
        } finally {
            active.decrementAndGet();
        }
    }

    private StreamOutcome extractNow(SourceSession session, Stream stream, ExtractRequest request) {
        String source = session.config().name();
        Warehouse warehouse = stores.of(source);
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
            status = stopping ? StreamOutcome.INTERRUPTED : e.resumable() ? StreamOutcome.STOPPED : StreamOutcome.FAILED;
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
        try {
            warehouse.runs().finishStream(request.runId(), stream.name(), new StreamRunResult(status, pass.pages,
                    pass.records, pass.tombstones, http.calls(), http.retries(), http.throttled(), vendorCount,
                    warehouseCount, pass.cursor, error));
        } catch (RuntimeException e) {
            // the pages and their cursor are committed; only the history row is missing, and a stopping crmw or the
            // next run marks it (a SIGTERM's mark can conflict with this write)
            log.warn("source '{}' stream '{}': {}; its end could not be recorded in the run history: {}", source,
                    stream.name(), status, describe(e));
        }
        try {
            progress.streamFinished(outcome);
        } catch (RuntimeException e) {
            log.warn("source '{}' stream '{}': the progress display failed: {}", source, stream.name(), describe(e));
        }
        return outcome;
    }

    /** Reads pages from the cursor to the end of the pass, landing each with the cursor after it. */
    private final class Pass {
        private final SourceSession session;
        private final String source;
        private final Warehouse warehouse;
        private final Stream stream;
        private final ExtractRequest request;
        private final long started = System.nanoTime();
        private final Duration deadlineAfter;
        private final Instant deadline;
        /** Records this pass landed that are not tombstones (or ids listed), for the paging guard. */
        private long passLive;
        /** The paging guard's current bound on {@link #passLive}; -1 until the vendor's count was asked. */
        private long liveBound = -1;
        String cursor;
        long pages;
        long records;
        long tombstones;
        boolean unverified;
        String unverifiedReason;

        Pass(SourceSession session, Stream stream, ExtractRequest request, String cursor) {
            this.session = session;
            this.source = session.config().name();
            this.warehouse = stores.of(source);
            this.stream = stream;
            this.request = request;
            this.cursor = cursor;
            this.deadlineAfter = Duration.ofMinutes(session.config().wholeNumber(CommonSettings.RUN_DEADLINE_MINUTES.key(),
                    Long.parseLong(CommonSettings.RUN_DEADLINE_MINUTES.defaultValue())));
            this.deadline = session.openedAt().plus(deadlineAfter);
        }

        /** Stops the stream, resumably, once the run has gone on past the source's deadline. */
        private void checkDeadline() {
            if (stopping) {
                throw new SourceException("source '" + source + "' stream '" + stream.name() + "': interrupted: crmw "
                        + "was stopped (SIGTERM or Ctrl-C) after " + pages + " pages; the cursor stays at the last "
                        + "committed page and the next run resumes there", true);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new SourceException("source '" + source + "' stream '" + stream.name() + "': stopped at the run "
                        + "deadline (run-deadline-minutes: " + deadlineAfter.toMinutes() + ", passed at " + deadline
                        + ") after " + pages + " pages; the cursor stays at the last committed page and the next run "
                        + "resumes there", true);
            }
        }

        /**
         * Fails a pass that has landed far more live records (or listed more ids) than the vendor says it has: a
         * paginator that never ends (cursors that cycle, pages that repeat) would otherwise run until the deadline.
         * The vendor's count is asked only when the pass crosses the bound, so at most a few times per pass.
         */
        private void guardPaging(String what) throws java.io.IOException {
            if (passLive <= PAGING_SLACK || passLive <= liveBound) {
                return;
            }
            OptionalLong count;
            try {
                count = stream.vendorCount();
            } catch (CountUnavailableException e) {
                count = OptionalLong.empty();
            }
            if (count.isEmpty()) {
                liveBound = Long.MAX_VALUE; // nothing to compare with; the same-cursor guard and the deadline remain
                return;
            }
            long bound = 2 * count.getAsLong() + PAGING_SLACK;
            if (passLive > bound) {
                throw new SourceException("source '" + source + "' stream '" + stream.name() + "': this pass has "
                        + what + " " + passLive + " records in " + pages + " pages, but the vendor counts "
                        + count.getAsLong() + "; its paging does not end (more pages than its count allows), so the "
                        + "stream stopped; the pages before are kept", false);
            }
            liveBound = bound;
        }

        void run(boolean fromScratch) throws java.io.IOException {
            RawLanding landing = warehouse.landing();
            passLive = 0;
            liveBound = -1;
            boolean last = false;
            // pages land in batches; closing the batch commits what it holds with its cursor, also when an error
            // propagates (a failed landing has already rolled back its batch), and so does a long rate-limit wait
            try (RawLanding.PageBatch batch = landing.openBatch(source, stream.name(), request.runId(), batchBounds);
                 var commitBeforeWaiting = BeforeLongWait.register(batch::commit)) {
                while (!last) {
                    checkDeadline();
                    var page = stream.read(cursor);
                    last = page.last();
                    // a completed full-refresh pass starts from scratch next time
                    String cursorAfter = last && stream.mode() == SyncMode.FULL_REFRESH ? null : page.cursorAfter();
                    if (!last && java.util.Objects.equals(cursorAfter, cursor)) {
                        throw new SourceException("source '" + source + "' stream '" + stream.name() + "': the vendor "
                                + "answered the same page cursor twice (" + abbreviate(cursor) + "); stopped to avoid an "
                                + "endless loop; the pages before it are kept", false);
                    }
                    var landed = batch.add(page.records(), cursorAfter, last);
                    cursor = cursorAfter;
                    pages++;
                    records += landed.records();
                    tombstones += landed.tombstones();
                    passLive += landed.records() - landed.tombstones();
                    progress.pageLanded(source, stream.name(), pages, records, perSecond(records, started));
                    guardPaging("landed");
                }
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
            passLive = 0;
            liveBound = -1;
            do {
                checkDeadline();
                IdPage page = stream.readIds(token);
                if (page.next() != null && page.next().equals(token)) {
                    throw new SourceException("source '" + source + "' stream '" + stream.name() + "': the vendor "
                            + "answered the same page cursor twice while listing ids; nothing was deleted", false);
                }
                landing.landIds(source, stream.name(), page.ids());
                passLive += page.ids().size();
                guardPaging("listed");
                token = page.next();
            } while (token != null);
            guardMassDelete(landing.countNotListed(source, stream.name()), "an ids-only pass");
            long listed = landing.countListedIds(source, stream.name());
            tombstones += landing.tombstoneNotListed(source, stream.name(), request.runId());
            return listed;
        }

        /**
         * The vendor's count; a count the vendor failed to give marks the stream unverified instead of failing it. A
         * count answered with the pass's own pages is taken when it agrees with the warehouse, never to conclude a
         * mismatch: then the vendor is asked again.
         */
        OptionalLong vendorCount() throws java.io.IOException {
            OptionalLong fromPass = stream.countFromPass();
            if (fromPass.isPresent()
                    && fromPass.getAsLong() == warehouse.landing().liveCount(source, stream.name())) {
                return fromPass;
            }
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
    /** Records a pass may land beyond twice the vendor's count before the paging guard fails it. */
    static final long PAGING_SLACK = 1_000;

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

    /**
     * The outcome of a stream whose extraction ended by an exception its own handling did not catch (the run's
     * bookkeeping failing, the process stopping under it): named and resumable, never missing from the run's outcomes.
     */
    StreamOutcome unfinished(String source, String stream, Throwable e) {
        String error = "source '" + source + "' stream '" + stream + "': "
                + (e == null ? "ended without an outcome" : describe(e))
                + "; the cursor stays at the last committed page, the next run resumes there";
        log.warn("{}", error);
        return new StreamOutcome(source, stream, stopping ? StreamOutcome.INTERRUPTED : StreamOutcome.FAILED, 0, 0, 0,
                new CallStats(0, 0, 0), null, null, error);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
