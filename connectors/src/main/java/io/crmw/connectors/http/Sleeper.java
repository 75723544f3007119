package io.crmw.connectors.http;

import java.time.Duration;

/** Waits; replaced by a recording fake in tests so backoff and spacing are asserted without wall time. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            BeforeLongWait.aboutToWait(d);
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
    };
}
