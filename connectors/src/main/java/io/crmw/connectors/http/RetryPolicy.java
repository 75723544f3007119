package io.crmw.connectors.http;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and how long to retry: exponential backoff with full jitter ({@code random(0, min(max, base * 2^n))}).
 *
 * @param maxAttempts       attempts per request, the first one included
 * @param baseDelay         first backoff ceiling
 * @param maxDelay          backoff ceiling
 * @param retryableStatuses statuses retried besides 429 (vendor ones added by the connector, e.g. 423, 477)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Set<Integer> retryableStatuses) {

    public static final Set<Integer> STANDARD_RETRYABLE = Set.of(500, 502, 503, 504);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        retryableStatuses = Set.copyOf(retryableStatuses);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(60), STANDARD_RETRYABLE);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, retryableStatuses);
    }

    public RetryPolicy withDelays(Duration base, Duration max) {
        return new RetryPolicy(maxAttempts, base, max, retryableStatuses);
    }

    public RetryPolicy withRetryable(Set<Integer> extra) {
        Set<Integer> all = new HashSet<>(retryableStatuses);
        all.addAll(extra);
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, all);
    }

    public boolean retryable(int status) {
        return status == 429 || retryableStatuses.contains(status);
    }

    /** Backoff before retry number {@code retry} (1 = first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        long base = Math.max(1, baseDelay.toMillis());
        long ceiling = Math.min(maxDelay.toMillis(), base << Math.min(retry - 1, 20));
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
