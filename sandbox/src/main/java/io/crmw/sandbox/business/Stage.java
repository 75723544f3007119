package io.crmw.sandbox.business;

import java.math.BigDecimal;

/**
 * A pipeline stage. Deal stages carry a win probability (1.0 closed won, 0.0 closed lost);
 * ticket stages carry a ticket state (OPEN/CLOSED) and no probability.
 */
public record Stage(String id, String label, int displayOrder, BigDecimal probability, boolean closed, String ticketState) {

  public boolean won() {
    return closed && probability != null && probability.signum() > 0;
  }

  public boolean lost() {
    return closed && !won();
  }
}
