package io.crmw.connectors.http;

/** HTTP counters of one stream run: calls made (each attempt counts), retries, and 429/limit responses. */
public record CallStats(long calls, long retries, long throttled) {}
