package io.crmw.etl.normalize;

/**
 * The vendor-neutral finishing statements ({@link StreamNormalizer#finishSql()}): derivations of {@code core.*}
 * columns from other {@code core.*} rows, written once and listed by each CRM's normalizer where it needs them.
 * Every statement is idempotent and limited to the step's source ({@code {source}}); placeholders as in
 * {@link StreamNormalizer}. Statements that read a vendor's raw payload fields stay with that vendor. A statement that
 * changes rows it did not write in this run moves their {@code synced_at} to the newest of what it derived them from:
 * the report build finds what changed by {@code synced_at}, and would not rebuild a row changed in place.
 */
public final class Derivations {

    private Derivations() {}

    /** The latest raw version per id of a raw table, tombstones included. */
    public static String latest(String rawTable) {
        return "(select * from " + rawTable + " qualify row_number() over (partition by _id order by _seq desc) = 1)";
    }

    /**
     * The latest raw version per id of a raw table, left out when that version is a tombstone: a deleted record must
     * not fall back to the version before its delete (filtering tombstones before taking the latest would).
     */
    public static String live(String rawTable) {
        return "(select * from " + latest(rawTable) + " where not _deleted)";
    }

    /** A deal without status flags takes it from its stage (won stage → won, other closed stage → lost, else open). */
    public static final String DEAL_STATUS_FROM_STAGE = """
            update core.deal d
            set status = case when s.is_won then 'won' when s.is_closed then 'lost' else 'open' end,
                synced_at = greatest(d.synced_at, s.synced_at)
            from core.stage s
            where d.source_system = {source} and d.status is null and s.stage_id = d.stage_id
              and s.is_closed is not null""";

    /** A deal without a pipeline is in its stage's (vendors whose deals name only their stage). */
    public static final String DEAL_PIPELINE_FROM_STAGE = """
            update core.deal d
            set pipeline_id = s.pipeline_id, synced_at = greatest(d.synced_at, s.synced_at)
            from core.stage s
            where d.source_system = {source} and d.pipeline_id is null and s.stage_id = d.stage_id
              and s.pipeline_id is not null""";

    /** The line items of a deleted deal are deleted with it (synced when it was, for the report build to see). */
    public static final String LINE_ITEM_DELETED_WITH_DEAL = """
            update core.line_item li
            set is_deleted = true, synced_at = greatest(li.synced_at, d.synced_at)
            from core.deal d
            where li.source_system = {source} and not li.is_deleted and d.deal_id = li.deal_id and d.is_deleted""";

    /** A deal without its own probability takes its stage's (raw value and fraction together). */
    public static final String DEAL_PROBABILITY_FROM_STAGE = """
            update core.deal d
            set probability = s.probability, probability_raw = s.probability_raw,
                synced_at = greatest(d.synced_at, s.synced_at)
            from core.stage s
            where d.source_system = {source} and d.probability is null and d.probability_raw is null
              and s.stage_id = d.stage_id and s.probability is not null""";

    /** A deal without its own forecast category takes its stage's default. */
    public static final String DEAL_FORECAST_FROM_STAGE = """
            update core.deal d
            set forecast_category = s.forecast_category_default, synced_at = greatest(d.synced_at, s.synced_at)
            from core.stage s
            where d.source_system = {source} and d.forecast_category is null and s.stage_id = d.stage_id
              and s.forecast_category_default is not null""";

    /**
     * closed_at of a closed deal: when it entered its current stage according to its stage history, else midnight
     * UTC of its close date. For vendors whose closed stage is the close (a deal's own close time wins elsewhere).
     * Runs after every normalize of the stream over all the source's deals, so it writes only the deals whose
     * closed_at it changes (writing every closed deal each run cost 0.9-1.6 s at a million deals).
     */
    public static final String DEAL_CLOSED_AT_FROM_HISTORY = """
            update core.deal d
            set closed_at = c.closed_at, synced_at = greatest(d.synced_at, c.history_synced_at)
            from (
                select d.deal_id, coalesce(h.entered_at, timezone('UTC', d.close_date::timestamp)) as closed_at,
                       h.synced_at as history_synced_at
                from core.deal d
                left join (select deal_id, stage_id, max(entered_at) as entered_at, max(synced_at) as synced_at
                           from core.deal_stage_history
                           where source_system = {source} and origin = 'history'
                           group by all) h
                    on h.deal_id = d.deal_id and h.stage_id = d.stage_id
                where d.source_system = {source} and d.status in ('won', 'lost')
            ) c
            where d.deal_id = c.deal_id and d.source_system = {source}
              and d.closed_at is distinct from c.closed_at""";

    /** An open deal has no closed_at (a reopened deal loses the one it had). */
    public static final String DEAL_OPEN_NOT_CLOSED = """
            update core.deal set closed_at = null
            where source_system = {source} and status = 'open' and closed_at is not null""";

    /** A deal's primary contact is also one of its {@code core.deal_contact} rows. */
    public static final String DEAL_CONTACT_ROWS = """
            insert into core.deal_contact (deal_id, contact_id, source_system, synced_at)
            select d.deal_id, d.primary_contact_id, d.source_system, d.synced_at
            from core.deal d
            where d.source_system = {source} and d.primary_contact_id is not null
              and not exists (select 1 from core.deal_contact c
                              where c.deal_id = d.deal_id and c.contact_id = d.primary_contact_id)""";

    /** A history row's pipeline is its stage's (a deal that moved pipelines keeps each stage in its own). */
    public static final String HISTORY_PIPELINE_FROM_STAGE = """
            update core.deal_stage_history h
            set pipeline_id = s.pipeline_id, synced_at = greatest(h.synced_at, s.synced_at)
            from core.stage s
            where h.source_system = {source} and s.stage_id = h.stage_id
              and h.pipeline_id is distinct from s.pipeline_id""";

    /**
     * Deals without any stage history get one inferred row: their current stage (in its stage's pipeline, as
     * {@link #HISTORY_PIPELINE_FROM_STAGE} would set it: written so at once, the rows inserted again each run keep their
     * values and their deal's synced_at instead of being re-dated by that update), entered at creation. Run
     * {@link #HISTORY_INFERRED_DELETE} first, so a deal whose real history has landed since loses its inferred row.
     * Deleting every inferred row and inserting them again measured cheaper in DuckDB than deleting only the rows that
     * changed, even when nothing changed: a million deals without history, 0.26 s against 0.59 s (a delete is a mark
     * per row; the inserts are written straight to the file).
     */
    public static final String HISTORY_INFERRED_DELETE = """
            delete from core.deal_stage_history where source_system = {source} and origin = 'inferred'""";

    public static final String HISTORY_INFERRED_INSERT = """
            insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id, entered_at,
                                                 exited_at, origin, synced_at)
            select d.deal_id, d.source_system, 1, case when s.stage_id is null then d.pipeline_id else s.pipeline_id end,
                   d.stage_id, d.created_at, null,
                   'inferred', d.synced_at
            from core.deal d
            left join core.stage s on s.stage_id = d.stage_id
            where d.source_system = {source} and d.stage_id is not null and d.created_at is not null
              and not exists (select 1 from core.deal_stage_history h
                              where h.source_system = {source} and h.deal_id = d.deal_id)""";

    /** A line item's missing name and billing terms come from its product. */
    public static final String LINE_ITEM_FROM_PRODUCT = """
            update core.line_item li
            set name = coalesce(li.name, p.name),
                is_recurring = coalesce(li.is_recurring, p.is_recurring),
                billing_period_months = coalesce(li.billing_period_months, p.billing_period_months),
                synced_at = greatest(li.synced_at, p.synced_at)
            from core.product p
            where li.source_system = {source} and p.product_id = li.product_id
              and (li.name is null and p.name is not null or li.is_recurring is null and p.is_recurring is not null
                   or li.billing_period_months is null and p.billing_period_months is not null)""";

    /** A line item without a currency is in its deal's. */
    public static final String LINE_ITEM_CURRENCY_FROM_DEAL = missingFromParent("line_item", "currency_code", "deal");

    /** A lead without an e-mail address has its contact's. */
    public static final String LEAD_EMAIL_FROM_CONTACT = missingFromParent("lead", "email", "contact");

    /** A ticket's status from its stage: closed stage → closed, else open. */
    public static final String TICKET_STATUS_FROM_STAGE = """
            update core.ticket t
            set status = case when s.is_closed then 'closed' else 'open' end, synced_at = greatest(t.synced_at, s.synced_at)
            from core.stage s
            where t.source_system = {source} and t.status is null and s.stage_id = t.stage_id""";

    /**
     * A ticket that names its product by code ({@code product_sku}) has the product with that SKU, or none when no
     * live product has it. Resolved from the code anew on every run, never from an earlier result: the ticket is not
     * normalized again while it does not change, and the products may land after it (a run whose products stream
     * failed still normalizes its tickets) or be deleted since.
     */
    public static final String TICKET_PRODUCT_BY_SKU = """
            update core.ticket t
            set product_id = m.product_id, synced_at = greatest(t.synced_at, m.products_synced_at)
            from (select k.ticket_id, p.product_id, (select max(synced_at) from core.product
                                                      where source_system = {source}) as products_synced_at
                  from core.ticket k
                  left join (select product_id, sku from core.product
                             where source_system = {source} and not is_deleted and sku is not null
                             qualify row_number() over (partition by sku order by source_id) = 1) p
                         on p.sku = k.product_sku
                  where k.source_system = {source} and k.product_sku is not null) m
            where t.source_system = {source} and t.ticket_id = m.ticket_id
              and t.product_id is distinct from m.product_id""";

    /**
     * A {@code core.<child>} row of the source without {@code column} takes its parent's (joined by
     * {@code <parent>_id}), when the parent has one.
     */
    private static String missingFromParent(String child, String column, String parent) {
        return """
                update core.%1$s c
                set %2$s = p.%2$s, synced_at = greatest(c.synced_at, p.synced_at)
                from core.%3$s p
                where c.source_system = {source} and c.%2$s is null and p.%3$s_id = c.%3$s_id
                  and p.%2$s is not null""".formatted(child, column, parent);
    }
}
