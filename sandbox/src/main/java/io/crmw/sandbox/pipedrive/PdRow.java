package io.crmw.sandbox.pipedrive;

import java.time.Instant;
import java.util.Map;

/** One record as Pipedrive serves it: its id, the times lists filter and sort on (whole seconds), and its JSON. */
record PdRow(long id, Instant addTime, Instant updateTime, Map<String, Object> json) {
}
