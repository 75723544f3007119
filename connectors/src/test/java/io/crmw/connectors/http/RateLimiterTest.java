package io.crmw.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.spi.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void spacesRequestsToTheWindowWithoutWallTime() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", new RateLimit(3, Duration.ofSeconds(10)), time, time);
        long start = time.nanos();
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        assertThat(time.sleeps).isEmpty();
        limiter.acquire(); // 4th must wait for the first to leave the window
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        // 9 requests at 3 per 10 s: the last one is admitted 20 s after the first
        assertThat(Duration.ofNanos(time.nanos() - start)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void requestsOutsideTheWindowDoNotWait() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.perSecond(2), time, time);
        limiter.acquire();
        limiter.acquire();
        time.advance(Duration.ofMillis(1500));
        limiter.acquire();
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void pauseHoldsBackTheNextAcquisition() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter("s", RateLimit.perSecond(100), time, time);
        limiter.pauseFor(Duration.ofMillis(10_000));
        limiter.acquire();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(10));
    }
}
