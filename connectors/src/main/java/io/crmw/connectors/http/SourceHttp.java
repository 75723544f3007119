package io.crmw.connectors.http;

/** The shared HTTP client of one source: one connection pool, one auth, one rate budget for all its streams. */
public interface SourceHttp {

    /** A view for one stream with its own counters, sharing this source's client, auth and rate budget. */
    StreamHttp forStream(String stream);
}
