package io.crmw.sandbox.hubspot;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts requests per "METHOD /path" (query string excluded), so tests can assert on HTTP call counts. */
public final class RequestLog {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();

  public void record(String method, String path) {
    counts.computeIfAbsent(method + " " + path, k -> new AtomicLong()).incrementAndGet();
    total.incrementAndGet();
  }

  public long count(String method, String path) {
    AtomicLong c = counts.get(method + " " + path);
    return c == null ? 0 : c.get();
  }

  /** Requests of any method whose path starts with {@code pathPrefix}. */
  public long countStartingWith(String pathPrefix) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().substring(e.getKey().indexOf(' ') + 1).startsWith(pathPrefix))
        .mapToLong(e -> e.getValue().get()).sum();
  }

  public long total() {
    return total.get();
  }

  public SortedMap<String, Long> snapshot() {
    SortedMap<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public void reset() {
    counts.clear();
    total.set(0);
  }
}
