package io.crmw.connectors.extract;

import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.http.StreamHttp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the per-stream HTTP views a connector asked for, so the framework can read their counters. */
final class CountingSourceHttp implements SourceHttp {
    private static final CallStats NONE = new CallStats(0, 0, 0);

    private final SourceHttp delegate;
    private final Map<String, StreamHttp> views = new ConcurrentHashMap<>();

    CountingSourceHttp(SourceHttp delegate) {
        this.delegate = delegate;
    }

    @Override
    public StreamHttp forStream(String stream) {
        return views.computeIfAbsent(stream, delegate::forStream);
    }

    CallStats stats(String stream) {
        StreamHttp view = views.get(stream);
        return view == null ? NONE : view.stats();
    }
}
