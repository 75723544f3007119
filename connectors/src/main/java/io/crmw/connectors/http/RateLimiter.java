package io.crmw.connectors.http;

import io.crmw.connectors.spi.RateLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A sliding-window request budget shared by all streams of a source, kept as the vendor keeps it: at most
 * {@code requests} calls in any {@code window}. A call holds its slot from {@link #acquire} and is stamped when it is
 * answered ({@link Permit#close}), never when it was sent: the vendor counted it at some instant in between, so the
 * slot leaves this window no earlier than it leaves the vendor's, whatever the latency and without a margin below the
 * limit (a guard of a thousandth of the window, at least 1 ms, covers the two clocks' drift). The budget is spent
 * to its limit with no 429 in steady state. A vendor that caps calls in flight gets that cap ({@link RateLimit#inFlight}).
 * {@link #observeRemaining} takes in the vendor's own count (other
 * integrations on the same budget); {@link #pauseFor} holds every caller back. Thread-safe; callers wait in arrival
 * order.
 */
public final class RateLimiter {

    private final String name;
    private final int requests;
    private final int maxInFlight; // 0: no cap
    private final long windowNanos;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final ReentrantLock arrival = new ReentrantLock(true); // waiters queue here, in arrival order
    /** Queued longer than this behind other callers, a caller first runs its {@link BeforeLongWait} action. */
    private static final Duration QUEUE_PATIENCE = Duration.ofMillis(50);
    private final Object state = new Object(); // guards the fields below; never held while sleeping
    private final ArrayDeque<Long> answered = new ArrayDeque<>(); // stamps of answered calls, ascending
    private int inFlight;
    private long pausedUntil = Long.MIN_VALUE;

    public RateLimiter(String name, RateLimit limit, Ticker ticker, Sleeper sleeper) {
        this.name = name;
        this.requests = limit.requests();
        this.maxInFlight = limit.inFlight();
        long window = limit.window().toNanos();
        this.windowNanos = window + Math.max(1_000_000, window / 1000);
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    public String name() {
        return name;
    }

    /** One call's slot: close it when the call is answered (or failed), which stamps it. */
    public final class Permit implements AutoCloseable {
        private final long sentNanos;
        private boolean closed;

        private Permit(long sentNanos) {
            this.sentNanos = sentNanos;
        }

        @Override
        public void close() {
            synchronized (state) {
                if (!closed) {
                    closed = true;
                    inFlight--;
                    answered.addLast(Math.max(ticker.nanos(), answered.isEmpty() ? Long.MIN_VALUE : answered.peekLast()));
                    state.notifyAll();
                }
            }
        }
    }

    /** Blocks until one more call fits the budget, then holds its slot until the permit is closed. */
    public Permit acquire() throws InterruptedException {
        return acquire(true);
    }

    /**
     * {@link #acquire} for a call made while its caller holds a permit (a token refresh inside a call): counted in the
     * window, but not held back by the cap of calls in flight, which already counts its caller (else the two wait on
     * each other).
     */
    public Permit acquireWhileHolding() throws InterruptedException {
        return acquire(false);
    }

    private Permit acquire(boolean capped) throws InterruptedException {
        if (!arrival.tryLock(QUEUE_PATIENCE.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            // queued behind other streams' waits: let this thread commit what it holds (its open landing batch) first
            BeforeLongWait.aboutToWait(BeforeLongWait.LONG);
            arrival.lockInterruptibly();
        }
        try {
            while (true) {
                long waitNanos;
                synchronized (state) {
                    long now = ticker.nanos();
                    expire(now);
                    if (pausedUntil != Long.MIN_VALUE && pausedUntil > now) {
                        waitNanos = pausedUntil - now;
                    } else if (answered.size() + inFlight < requests
                            && (!capped || maxInFlight == 0 || inFlight < maxInFlight)) {
                        inFlight++;
                        return new Permit(now);
                    } else if (answered.isEmpty() || capped && maxInFlight > 0 && inFlight >= maxInFlight) {
                        state.wait(); // every slot is in flight: the first answer frees the way
                        continue;
                    } else {
                        waitNanos = answered.peekFirst() + windowNanos - now;
                    }
                }
                sleeper.sleep(Duration.ofNanos(waitNanos));
            }
        } finally {
            arrival.unlock();
        }
    }

    /**
     * The vendor says {@code remaining} calls are left in its window, as of when it received the call of
     * {@code permit}: calls this budget does not know of (another integration's) are counted as answered now.
     */
    public void observeRemaining(Permit permit, int remaining) {
        synchronized (state) {
            long since = permit.sentNanos - windowNanos;
            int known = inFlight;
            for (Iterator<Long> it = answered.descendingIterator(); it.hasNext() && it.next() > since; ) {
                known++;
            }
            int unknown = Math.min(requests, requests - remaining) - known;
            long now = ticker.nanos();
            for (int i = 0; i < unknown; i++) {
                answered.addLast(Math.max(now, answered.isEmpty() ? Long.MIN_VALUE : answered.peekLast()));
            }
        }
    }

    /** Holds back every next acquisition for {@code duration} from now. */
    public void pauseFor(Duration duration) {
        synchronized (state) {
            long until = ticker.nanos() + duration.toNanos();
            if (pausedUntil == Long.MIN_VALUE || until > pausedUntil) {
                pausedUntil = until;
            }
        }
    }

    private void expire(long now) {
        while (!answered.isEmpty() && answered.peekFirst() + windowNanos <= now) {
            answered.pollFirst();
        }
    }
}
