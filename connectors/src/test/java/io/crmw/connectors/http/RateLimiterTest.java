package io.crmw.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.spi.RateLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void spacesRequestsToTheWindowWithoutWallTime() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(3, Duration.ofSeconds(10)), time, time);
        long start = time.nanos();
        for (int i = 0; i < 3; i++) {
            limiter.acquire().close();
        }
        assertThat(time.sleeps).isEmpty();
        limiter.acquire().close(); // 4th waits for the first to leave the window (and the guard, a thousandth of it)
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(10_010));
        for (int i = 0; i < 5; i++) {
            limiter.acquire().close();
        }
        // 9 requests at 3 per 10 s: the last one is admitted two windows after the first
        assertThat(Duration.ofNanos(time.nanos() - start)).isEqualTo(Duration.ofMillis(20_020));
    }

    @Test
    void aSlotLeavesTheWindowAWindowAfterItsAnswerNotItsRequest() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.perSecond(1), time, time);
        RateLimiter.Permit first = limiter.acquire();
        time.advance(Duration.ofMillis(300)); // the vendor counted it somewhere within these 300 ms
        first.close();
        limiter.acquire().close();
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(1_001));
    }

    @Test
    void requestsOutsideTheWindowDoNotWait() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.perSecond(2), time, time);
        limiter.acquire().close();
        limiter.acquire().close();
        time.advance(Duration.ofMillis(1500));
        limiter.acquire().close();
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void callsOfOtherIntegrationsTheVendorCountsAreCountedToo() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(40, Duration.ofSeconds(2)), time, time);
        RateLimiter.Permit first = limiter.acquire();
        limiter.observeRemaining(first, 9); // the vendor counted 31 with ours: 30 were another app's
        first.close();
        for (int i = 0; i < 9; i++) {
            limiter.acquire().close();
        }
        assertThat(time.sleeps).isEmpty();
        limiter.acquire().close();
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(2_002));
    }

    @Test
    void aRemainingCountAtOrAboveWhatTheBudgetKnowsAddsNothing() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(4, Duration.ofSeconds(2)), time, time);
        RateLimiter.Permit first = limiter.acquire();
        limiter.observeRemaining(first, 700); // a larger plan than budgeted
        first.close();
        for (int i = 0; i < 3; i++) {
            limiter.acquire().close();
        }
        assertThat(time.sleeps).isEmpty();
    }

    /**
     * Each kind of vendor window against a vendor that keeps the same rolling window by the instant it receives each
     * call, 1 to 40 ms after it is sent, answering 1 to 40 ms later (with its remaining count where the vendor sends
     * one): twenty windows' worth of calls draw no 429 and take within 5 % of calls ÷ allowed rate.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} per {1} s, remaining header {2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "40, 2, true",         // Pipedrive: a rolling 2 s burst window, x-ratelimit-remaining
        "200, 60, true",       // Zendesk Support: per minute, X-Rate-Limit-Remaining
        "36000, 3600, false"}) // Zendesk Sell: per hour, no headers
    void runsTheBudgetAtItsLimitWithoutA429(int limit, int windowSeconds, boolean remainingHeader) throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(limit, Duration.ofSeconds(windowSeconds)), time, time);
        Random random = new Random(7);
        ArrayDeque<Long> vendorWindow = new ArrayDeque<>(); // receipt times in whole ms, as the vendor keeps them
        long windowMs = windowSeconds * 1000L;
        int refused = 0;
        int calls = 20 * limit;
        long start = time.nanos();
        for (int i = 0; i < calls; i++) {
            RateLimiter.Permit permit = limiter.acquire();
            time.advance(Duration.ofMillis(1 + random.nextInt(40)));
            long receivedMs = time.nanos() / 1_000_000;
            while (!vendorWindow.isEmpty() && vendorWindow.peekFirst() <= receivedMs - windowMs) {
                vendorWindow.pollFirst();
            }
            if (vendorWindow.size() >= limit) {
                refused++;
            } else {
                vendorWindow.addLast(receivedMs);
            }
            time.advance(Duration.ofMillis(1 + random.nextInt(40)));
            if (remainingHeader) {
                limiter.observeRemaining(permit, limit - vendorWindow.size());
            }
            permit.close();
        }
        double elapsed = (time.nanos() - start) / 1e9;
        double callsOverRate = calls / (limit / (double) windowSeconds);
        assertThat(refused).isZero();
        // the first window's calls go at once, so a run of twenty windows takes about nineteen
        assertThat(elapsed).isBetween(callsOverRate * 0.95 - windowSeconds, callsOverRate * 1.05);
        assertThat(elapsed / callsOverRate).isGreaterThan(0.94);
    }

    @Test
    void aCapOfCallsInFlightHoldsTheNextUntilOneIsAnswered() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.concurrent(2), time, time);
        RateLimiter.Permit first = limiter.acquire();
        limiter.acquire();
        java.util.concurrent.CountDownLatch third = new java.util.concurrent.CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try {
                limiter.acquire();
                third.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        assertThat(third.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse(); // two in flight
        first.close();
        assertThat(third.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(time.sleeps).isEmpty(); // no window: only the answer let it through
        waiting.join();
    }

    @Test
    void aTokenCallInsideACallIsNotHeldByTheCapItsCallerCounts() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(10, Duration.ofSeconds(1), 1), time, time);
        try (RateLimiter.Permit call = limiter.acquire(); RateLimiter.Permit token = limiter.acquireWhileHolding()) {
            assertThat(time.sleeps).isEmpty(); // the one slot in flight is the caller's: the token call goes at once
        }
        for (int i = 0; i < 8; i++) {
            limiter.acquire().close(); // and it counted in the window: ten in all
        }
        assertThat(time.sleeps).isEmpty();
        limiter.acquire().close();
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(1_001));
    }

    @Test
    void pauseHoldsBackTheNextAcquisition() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.perSecond(100), time, time);
        limiter.pauseFor(Duration.ofMillis(10_000));
        limiter.acquire().close();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(10));
    }
}
