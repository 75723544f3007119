package io.crmw.sandbox.business;

/** Engagement kinds, named by their HubSpot object type. */
public enum ActivityType {
  CALL("calls"), EMAIL("emails"), MEETING("meetings"), TASK("tasks"), NOTE("notes");

  private final String objectType;

  ActivityType(String objectType) {
    this.objectType = objectType;
  }

  public String objectType() {
    return objectType;
  }
}
