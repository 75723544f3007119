package io.crmw.sandbox.hubspot;

/** One entry of {@code GET /crm/v3/properties/{objectType}}. */
record PropertyDefinition(String name, String label, String type, String fieldType, String groupName,
                          boolean calculated, boolean hasUniqueValue, boolean hidden, boolean custom) {

  boolean isTime() {
    return type.equals("datetime") || type.equals("date");
  }

  boolean isNumber() {
    return type.equals("number");
  }
}
