package io.crmw.connectors.http;

import io.crmw.connectors.spi.RateLimit;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A sliding-window request budget shared by all streams of a source: at most {@code requests} acquisitions in any
 * {@code window}. {@link #pauseFor} holds every caller back (vendor said "remaining: 0"). Thread-safe; callers wait
 * in arrival order because the wait happens under the lock.
 */
public final class RateLimiter {

    private final String name;
    private final int requests;
    private final long windowNanos;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private long pausedUntil = Long.MIN_VALUE;

    public RateLimiter(String name, RateLimit limit, Ticker ticker, Sleeper sleeper) {
        this.name = name;
        this.requests = limit.requests();
        this.windowNanos = limit.window().toNanos();
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    public String name() {
        return name;
    }

    /** Blocks until one more request fits the budget, then records it. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = ticker.nanos();
            while (!recent.isEmpty() && recent.peekFirst() + windowNanos <= now) {
                recent.pollFirst();
            }
            long waitNanos = 0;
            if (pausedUntil != Long.MIN_VALUE && pausedUntil > now) {
                waitNanos = pausedUntil - now;
            } else if (recent.size() >= requests) {
                waitNanos = recent.peekFirst() + windowNanos - now;
            }
            if (waitNanos <= 0) {
                recent.addLast(now);
                return;
            }
            sleeper.sleep(Duration.ofNanos(waitNanos));
        }
    }

    /** Holds back every next acquisition for {@code duration} from now. */
    public synchronized void pauseFor(Duration duration) {
        long until = ticker.nanos() + duration.toNanos();
        if (pausedUntil == Long.MIN_VALUE || until > pausedUntil) {
            pausedUntil = until;
        }
    }
}
