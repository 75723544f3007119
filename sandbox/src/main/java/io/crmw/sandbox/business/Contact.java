package io.crmw.sandbox.business;

import java.time.Instant;

/** A person. {@code companyId} may be null (not every contact works for a known company). */
public record Contact(String id, String email, String firstName, String lastName, String lifecycleStage,
                      String leadStatus, String leadSource, String companyId, String ownerId, Instant customerSince,
                      Instant createdAt, Instant updatedAt, Instant archivedAt) {

  public boolean archived() {
    return archivedAt != null;
  }

  public Contact withEmail(String newEmail, Instant at) {
    return new Contact(id, newEmail, firstName, lastName, lifecycleStage, leadStatus, leadSource, companyId, ownerId,
        customerSince, createdAt, at, archivedAt);
  }

  public Contact withLifecycleStage(String stage, Instant at) {
    Instant since = "customer".equals(stage) && customerSince == null ? at : customerSince;
    return new Contact(id, email, firstName, lastName, stage, leadStatus, leadSource, companyId, ownerId,
        since, createdAt, at, archivedAt);
  }

  public Contact archive(Instant at) {
    return new Contact(id, email, firstName, lastName, lifecycleStage, leadStatus, leadSource, companyId, ownerId,
        customerSince, createdAt, updatedAt, at);
  }
}
