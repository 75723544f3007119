package io.crmw.sandbox.business;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A deal or ticket pipeline: an ordered list of stages. */
public record Pipeline(String id, String objectType, String label, int displayOrder, List<Stage> stages,
                       Instant createdAt, Instant updatedAt) {
  public Pipeline {
    stages = List.copyOf(stages);
  }

  public Optional<Stage> stage(String stageId) {
    return stages.stream().filter(s -> s.id().equals(stageId)).findFirst();
  }

  public List<Stage> openStages() {
    return stages.stream().filter(s -> !s.closed()).toList();
  }

  public Stage wonStage() {
    return stages.stream().filter(Stage::won).findFirst().orElseThrow();
  }

  public Stage lostStage() {
    return stages.stream().filter(Stage::lost).findFirst().orElseThrow();
  }
}
