package io.crmw.sandbox.salesforce;

import java.util.Map;

/** One record of an sObject: field values keyed by their exact API names (Instant, LocalDate, BigDecimal, …). */
record SfRow(String id, boolean deleted, Map<String, Object> values) {
}
