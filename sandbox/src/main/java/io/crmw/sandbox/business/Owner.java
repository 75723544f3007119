package io.crmw.sandbox.business;

import java.time.Instant;
import java.util.List;

/** A CRM user who owns records. {@code id} is the owner id used on records; {@code userId} is a different number. */
public record Owner(String id, String email, String firstName, String lastName, long userId, List<Team> teams,
                    Instant createdAt, Instant updatedAt, boolean archived) {
  public Owner {
    teams = List.copyOf(teams);
  }
}
