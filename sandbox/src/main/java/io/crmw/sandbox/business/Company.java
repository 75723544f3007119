package io.crmw.sandbox.business;

import java.time.Instant;

/** A customer or prospect organisation. {@code archivedAt} is null while the record is live. */
public record Company(String id, String name, String domain, String industry, int employees, String country,
                      String ownerId, Instant createdAt, Instant updatedAt, Instant archivedAt) {

  public boolean archived() {
    return archivedAt != null;
  }

  public Company archive(Instant at) {
    return new Company(id, name, domain, industry, employees, country, ownerId, createdAt, updatedAt, at);
  }
}
