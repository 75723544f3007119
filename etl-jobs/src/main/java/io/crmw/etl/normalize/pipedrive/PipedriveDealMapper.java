package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A deal ({@code /api/v2/deals}, its archived and deleted listings) → {@code core.deal} and its person as a
 * {@code core.deal_contact} row.
 *
 * <ul>
 *   <li>status open / won / lost is the deal's own {@code status} (Pipedrive stages are neither won nor lost);
 *       {@code status: deleted} or {@code is_deleted} flag the deal deleted, its status then follows its won or
 *       lost time; archived deals ({@code is_archived}) are live business;</li>
 *   <li>{@code probability} is a percent or null: probability = it / 100; null leaves it to the stage
 *       (finishing SQL, when the pipeline uses deal probability);</li>
 *   <li>closed_at = {@code won_time} / {@code lost_time} (else {@code close_time}); close_date = the UTC date of
 *       closed_at for closed deals, else {@code expected_close_date};</li>
 *   <li>lead source = {@code channel}, else {@code origin}; loss reason = the free-text {@code lost_reason}.</li>
 * </ul>
 * The stage history comes from the {@code deal_changelog} stream (or is inferred, finishing SQL).
 */
final class PipedriveDealMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        PipedriveRecord r = new PipedriveRecord(raw);
        String dealId = r.coreId("deal", r.id());
        String rawStatus = r.f.lower("status");
        Instant wonAt = r.instant("won_time");
        Instant lostAt = r.instant("lost_time");
        String status = status(rawStatus, wonAt, lostAt);
        Instant closedAt = switch (status == null ? "" : status) {
            case "won" -> wonAt != null ? wonAt : r.instant("close_time");
            case "lost" -> lostAt != null ? lostAt : r.instant("close_time");
            default -> null;
        };
        LocalDate closeDate = closedAt != null ? LocalDate.ofInstant(closedAt, ZoneOffset.UTC)
                : r.f.date("expected_close_date");
        String contactId = r.ref("contact", "person_id");
        DealRow deal = new DealRow(
                dealId, r.source(), r.id(),
                r.text("title"),
                r.ref("pipeline", "pipeline_id"),
                r.ref("stage", "stage_id"),
                status,
                r.f.decimal("value", 2),
                Vocabulary.upper(r.text("currency")),
                null, // Pipedrive gives no converted amount
                r.text("probability"),
                Vocabulary.percentFraction(r.f.number("probability")),
                null, // no forecast category
                r.instant("add_time"),
                closeDate,
                closedAt,
                r.instant("update_time"),
                r.ref("owner", "owner_id", "user_id"),
                r.ref("account", "org_id"),
                contactId,
                null, // no campaign on deals
                r.firstText("channel", "origin"),
                null, // no deal type
                r.text("lost_reason"),
                null, // merged deals are deleted in Pipedrive
                r.deleted() || "deleted".equals(rawStatus),
                r.syncedAt());
        return Normalized.of(CoreWrite.row(DealRow.TABLE, r.id(), deal), DealContactRow.ofPrimaryContact(deal));
    }

    /** The deal's own status; a deleted deal's is won or lost by its won or lost time, else open; null when absent. */
    static String status(String rawStatus, Instant wonAt, Instant lostAt) {
        if (rawStatus == null) {
            return null;
        }
        return switch (rawStatus) {
            case "open", "won", "lost" -> rawStatus;
            default -> wonAt != null ? "won" : lostAt != null ? "lost" : "open";
        };
    }
}
