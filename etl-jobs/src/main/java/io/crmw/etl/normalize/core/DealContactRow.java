package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.deal_contact}. */
public record DealContactRow(
        String dealId, String contactId, String sourceSystem, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "deal_contact";
}
