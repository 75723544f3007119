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
     * Pipedrive's burst window (40 calls per rolling 2 s) against a vendor that keeps the same rolling window by the
     * instant it receives each call, 1 to 40 ms after it is sent, and answers 1 to 40 ms later: 2,000 calls draw no
     * 429 and take within 5 % of calls ÷ allowed rate (2,000 ÷ 20 per s = 100 s).
     */
    @Test
    void runsTheBudgetAtItsLimitWithoutA429() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(40, Duration.ofSeconds(2)), time, time);
        Random random = new Random(7);
        ArrayDeque<Long> vendorWindow = new ArrayDeque<>(); // receipt times in whole ms, as the vendor keeps them
        int refused = 0;
        int calls = 2_000;
        long start = time.nanos();
        for (int i = 0; i < calls; i++) {
            RateLimiter.Permit permit = limiter.acquire();
            time.advance(Duration.ofMillis(1 + random.nextInt(40)));
            long receivedMs = time.nanos() / 1_000_000;
            while (!vendorWindow.isEmpty() && vendorWindow.peekFirst() <= receivedMs - 2_000) {
                vendorWindow.pollFirst();
            }
            if (vendorWindow.size() >= 40) {
                refused++;
            } else {
                vendorWindow.addLast(receivedMs);
            }
            int remaining = 40 - vendorWindow.size();
            time.advance(Duration.ofMillis(1 + random.nextInt(40)));
            limiter.observeRemaining(permit, remaining);
            permit.close();
        }
        double elapsed = (time.nanos() - start) / 1e9;
        double floor = calls / 20.0;
        assertThat(refused).isZero();
        assertThat(elapsed).isBetween(floor * 0.95, floor * 1.05);
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
    void pauseHoldsBackTheNextAcquisition() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.perSecond(100), time, time);
        limiter.pauseFor(Duration.ofMillis(10_000));
        limiter.acquire().close();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(10));
    }
}
