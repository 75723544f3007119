package io.crmw.connectors.extract;

/** What one extraction of a source is asked to do. */
public record ExtractRequest(String runId, boolean fullRefresh) {}
