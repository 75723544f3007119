package io.crmw.connectors.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A fake monotonic clock whose sleeps only advance time and are recorded; no wall time passes. */
public final class FakeTime implements Sleeper, Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
