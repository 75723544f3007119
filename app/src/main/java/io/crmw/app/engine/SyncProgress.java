package io.crmw.app.engine;

import io.crmw.connectors.extract.ExtractProgress;
import io.crmw.connectors.extract.StreamOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress of a sync on stderr (stream, pages, records, records/s — at most one line per stream every two
 * seconds, plus one when the stream ends) and as Prometheus counters.
 */
public final class SyncProgress implements ExtractProgress {
    private static final long EVERY_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final MeterRegistry meters;
    private final Map<String, Long> lastPrinted = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRecords = new ConcurrentHashMap<>();
    private volatile boolean quiet;

    public SyncProgress(PrintStream out, MeterRegistry meters) {
        this.out = out;
        this.meters = meters;
    }

    /** Silences the stderr lines (tests, `--quiet`); metrics keep counting. */
    public void quiet(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public void pageLanded(String source, String stream, long page, long records, double perSecond) {
        String key = source + "/" + stream;
        long landed = records - lastRecords.getOrDefault(key, 0L);
        lastRecords.put(key, records);
        meters.counter("crmw.records.landed", "source", source, "stream", stream).increment(landed);
        meters.counter("crmw.pages.landed", "source", source, "stream", stream).increment();
        long now = System.nanoTime();
        Long last = lastPrinted.get(key);
        if (!quiet && (last == null || now - last >= EVERY_NANOS)) {
            lastPrinted.put(key, now);
            out.printf("  %s %-18s page %5d  %,10d records  %,8.0f rec/s%n", source, stream, page, records, perSecond);
        }
    }

    @Override
    public void streamFinished(StreamOutcome o) {
        String key = o.source() + "/" + o.stream();
        lastPrinted.remove(key);
        lastRecords.remove(key);
        meters.counter("crmw.streams.finished", "source", o.source(), "stream", o.stream(), "status", o.status()).increment();
        if (!quiet) {
            out.printf("  %s %-18s %s: %d pages, %,d records, %d tombstones, %d HTTP calls (%d retries, %d throttled)%n",
                    o.source(), o.stream(), o.status(), o.pages(), o.records(), o.tombstones(),
                    o.http().calls(), o.http().retries(), o.http().throttled());
        }
    }
}
