package io.crmw.sandbox;

import io.crmw.sandbox.business.Business;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a simulator derives from the live {@link Business} (its rows per object), each view rebuilt on first use after
 * the business changes or a record is purged; and the purged ids, the vendor's one state beyond the business (a
 * Salesforce hard delete, a Pipedrive deal purged 30 days after deletion).
 *
 * @param <K> the vendor's record id
 */
public final class DerivedViews<K> {

  private record View(String version, Object value) {
  }

  private final Business business;
  private final Set<K> purged = ConcurrentHashMap.newKeySet();
  private final AtomicLong purges = new AtomicLong();
  private final Map<String, View> views = new ConcurrentHashMap<>();

  public DerivedViews(Business business) {
    this.business = business;
  }

  /** Removes the record from every view for good. */
  public void purge(K id) {
    purged.add(id);
    purges.incrementAndGet();
  }

  public boolean purged(K id) {
    return purged.contains(id);
  }

  /** The view named {@code key}, built again when the business or the purged set changed since it was built. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key, Supplier<T> build) {
    String version = business.version() + "/" + purges.get();
    View v = views.get(key);
    if (v == null || !v.version().equals(version)) {
      v = new View(version, build.get());
      views.put(key, v);
    }
    return (T) v.value();
  }
}
