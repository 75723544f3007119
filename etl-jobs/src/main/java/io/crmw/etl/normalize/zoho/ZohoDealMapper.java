package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A deal ({@code /crm/v8/Deals}) → {@code core.deal} and its {@code Contact_Name} as a {@code core.deal_contact}.
 *
 * <ul>
 *   <li>stage = {@code Stage} (display value) within {@code Pipeline{id}} ({@link ZohoPipelineMapper#stageId});
 *       status is left null for the stage's forecast type to decide (finishing SQL: Closed Won → won, Closed Lost
 *       → lost, else open);</li>
 *   <li>{@code Probability} is a percent: probability = it / 100 (null: the stage's);</li>
 *   <li>amount = {@code Amount} in {@code Currency} (null in single-currency orgs: the home currency, finishing
 *       SQL); {@code Exchange_Rate} is record currency per home-currency unit, so amount_home = Amount /
 *       Exchange_Rate; without a rate and a currency the amount is already in the home currency;</li>
 *   <li>close_date = {@code Closing_Date} (a date); closed_at from the stage history, else the close date
 *       (finishing SQL); times carry the org's offset and are stored as UTC instants;</li>
 *   <li>deal type from {@code Type} (New Business / Existing Business); loss reason {@code Reason_For_Loss__s}.</li>
 * </ul>
 * A deleted deal arrives as a thin deleted-feed tombstone: it is not mapped, its row is flagged (finishing SQL).
 */
final class ZohoDealMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        ZohoRecord r = new ZohoRecord(raw);
        String pipeline = r.lookupId("Pipeline");
        BigDecimal amount = r.f.decimal("Amount", 2);
        String currency = Vocabulary.upper(r.text("Currency"));
        DealRow deal = new DealRow(
                r.coreId("deal", r.id()), r.source(), r.id(),
                r.text("Deal_Name"),
                r.coreId("pipeline", pipeline),
                ZohoPipelineMapper.stageId(r, pipeline, r.text("Stage")),
                null, // from the stage's forecast type
                amount,
                currency,
                amountHome(amount, currency, r.f.decimal("Exchange_Rate", 9)),
                r.text("Probability"),
                Vocabulary.percentFraction(r.f.number("Probability")),
                null, // the stage's forecast category
                r.instant("Created_Time"),
                r.f.date("Closing_Date"),
                null, // closed_at: when it entered its closed stage, else its close date
                r.instant("Modified_Time"),
                r.owner(),
                r.ref("account", "Account_Name"),
                r.ref("contact", "Contact_Name"),
                r.ref("campaign", "Campaign_Source"),
                r.text("Lead_Source"),
                Vocabulary.dealType(r.text("Type")),
                r.text("Reason_For_Loss__s"),
                null, // merged Zoho deals are deleted
                r.deleted(),
                r.syncedAt());
        return Normalized.of(CoreWrite.row(DealRow.TABLE, r.id(), deal), DealContactRow.ofPrimaryContact(deal));
    }

    /** Amount / rate (rate = record currency per home unit); the amount itself in a single-currency org. */
    static BigDecimal amountHome(BigDecimal amount, String currency, BigDecimal rate) {
        if (amount == null) {
            return null;
        }
        if (rate != null && rate.signum() > 0) {
            return amount.divide(rate, 2, RoundingMode.HALF_UP);
        }
        return currency == null && rate == null ? amount : null;
    }
}
