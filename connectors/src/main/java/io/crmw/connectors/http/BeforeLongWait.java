package io.crmw.connectors.http;

import java.time.Duration;

/**
 * What the current thread finishes before it waits long (a rate-limit window, a backoff, a Retry-After): the
 * extractor commits its open landing batch there, so pages already read are not held hostage by the wait.
 */
public final class BeforeLongWait {

    /** Waits at least this long run the registered action first. */
    public static final Duration LONG = Duration.ofMillis(250);

    private static final ThreadLocal<Runnable> ACTION = new ThreadLocal<>();

    private BeforeLongWait() {}

    /** Registers {@code action} for this thread until the returned handle is closed. */
    public static Registration register(Runnable action) {
        Runnable previous = ACTION.get();
        ACTION.set(action);
        return () -> {
            if (previous == null) {
                ACTION.remove();
            } else {
                ACTION.set(previous);
            }
        };
    }

    /** Runs this thread's action when {@code wait} is long. */
    public static void aboutToWait(Duration wait) {
        Runnable action = ACTION.get();
        if (action != null && wait.compareTo(LONG) >= 0) {
            action.run();
        }
    }

    /** Ends a {@link #register registration}. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
