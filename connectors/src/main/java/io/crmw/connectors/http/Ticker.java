package io.crmw.connectors.http;

/** A monotonic nanosecond clock; a fake in tests. */
@FunctionalInterface
public interface Ticker {
    long nanos();

    Ticker SYSTEM = System::nanoTime;
}
