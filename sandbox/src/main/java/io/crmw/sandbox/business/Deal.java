package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A deal with its stage journey. {@code amount} is in {@code currency} and may be null (an unset amount is real).
 * {@code closeDate} is the expected date while open and the actual date once closed.
 */
public record Deal(String id, String name, String pipelineId, String stageId, BigDecimal amount, String currency,
                   LocalDate closeDate, String ownerId, String companyId, List<String> contactIds, String leadSource,
                   String lostReason, String region, List<StageVisit> journey,
                   Instant createdAt, Instant updatedAt, Instant archivedAt) {
  public Deal {
    contactIds = List.copyOf(contactIds);
    journey = List.copyOf(journey);
  }

  public boolean archived() {
    return archivedAt != null;
  }

  public Deal withAmount(BigDecimal newAmount, Instant at) {
    return new Deal(id, name, pipelineId, stageId, newAmount, currency, closeDate, ownerId, companyId, contactIds,
        leadSource, lostReason, region, journey, createdAt, at, archivedAt);
  }

  /** Moves the deal into {@code newStage} at {@code at}, closing the current visit. */
  public Deal movedTo(String newStage, LocalDate newCloseDate, String newLostReason, Instant at) {
    List<StageVisit> visits = new ArrayList<>(journey);
    if (!visits.isEmpty()) {
      StageVisit last = visits.remove(visits.size() - 1);
      visits.add(new StageVisit(last.stageId(), last.enteredAt(), at));
    }
    visits.add(new StageVisit(newStage, at, null));
    return new Deal(id, name, pipelineId, newStage, amount, currency, newCloseDate, ownerId, companyId, contactIds,
        leadSource, newLostReason, region, visits, createdAt, at, archivedAt);
  }

  public Deal archive(Instant at) {
    return new Deal(id, name, pipelineId, stageId, amount, currency, closeDate, ownerId, companyId, contactIds,
        leadSource, lostReason, region, journey, createdAt, updatedAt, at);
  }
}
