package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import io.crmw.etl.normalize.CoreWrite;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One row of {@code core.deal_contact}. */
public record DealContactRow(
        String dealId, String contactId, String sourceSystem, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "deal_contact";

    /** A deal's contacts when the vendor names only its primary contact: that one, or none. */
    public static CoreWrite ofPrimaryContact(DealRow deal) {
        String contactId = deal.primaryContactId();
        List<DealContactRow> rows = contactId == null ? List.of()
                : List.of(new DealContactRow(deal.dealId(), contactId, deal.sourceSystem(), deal.syncedAt()));
        return CoreWrite.children(TABLE, "deal_id", deal.dealId(), rows);
    }
}
