package io.crmw.sandbox.business;

import java.time.Instant;

/** One stay of a deal in a stage; {@code exitedAt} is null for the current stage. */
public record StageVisit(String stageId, Instant enteredAt, Instant exitedAt) {
}
