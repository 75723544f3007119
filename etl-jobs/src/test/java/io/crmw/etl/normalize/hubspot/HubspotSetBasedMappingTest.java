package io.crmw.etl.normalize.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.CoreIdentity;
import io.crmw.etl.normalize.NormalizationSteps;
import io.crmw.etl.normalize.NormalizerRegistry;
import io.crmw.etl.normalize.RawTables;
import io.crmw.etl.normalize.SetBasedMappingTasklet;
import io.crmw.etl.normalize.VendorFixtures;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.RawRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HubSpot streams mapped set-based (deals, companies, calls, emails, meetings, tasks) write the same core rows as
 * their Java mappers ({@link HubspotDealMapper}, {@link HubspotCompanyMapper}, {@link HubspotEngagementMapper}): the
 * same raw rows are landed into two warehouses, one normalized with the Java mappers only, the other with the
 * set-based mappings, and every core table must be identical ({@code except all} both ways) after each round.
 */
class HubspotSetBasedMappingTest {

    private static final String SOURCE = HubspotFixtures.SOURCE;

    @TempDir
    Path tmp;
    private Warehouse javaMapped;
    private Warehouse sqlMapped;
    private TaskExecutorJobOperator operator;
    private ResourcelessJobRepository repository;
    private long runs;
    private long pages;

    @BeforeEach
    void open() throws Exception {
        javaMapped = Warehouse.open(tmp.resolve("java.duckdb"));
        sqlMapped = Warehouse.open(tmp.resolve("sql.duckdb"));
        repository = new ResourcelessJobRepository();
        operator = new TaskExecutorJobOperator();
        operator.setJobRepository(repository);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();
    }

    @AfterEach
    void close() {
        javaMapped.close();
        sqlMapped.close();
    }

    @Test
    void dealsMappedInSqlEqualTheJavaMapperRowForRowThroughUpdatesDeletesAndOddFields() throws Exception {
        dealsThroughFourRounds();
    }

    @Test
    void dealsMappedInRangesOfThreeRawRowsEqualTheJavaMapperToo() throws Exception {
        System.setProperty(SetBasedMappingTasklet.MAX_RAW_ROWS_PROPERTY, "3");
        try {
            dealsThroughFourRounds();
        } finally {
            System.clearProperty(SetBasedMappingTasklet.MAX_RAW_ROWS_PROPERTY);
        }
    }

    private void dealsThroughFourRounds() throws Exception {
        // round 1: every HubSpot fixture, and deals with odd or missing fields
        landFixture("owners", "owner.json");
        landFixture("deal_pipelines", "deal_pipeline.json");
        landFixture("ticket_pipelines", "ticket_pipeline.json");
        landFixture("companies", "company.json");
        landFixture("contacts", "contact_customer.json", "contact_campaign_lead.json", "contact_subscriber.json");
        landFixture("products", "product.json");
        landFixture("deals", "deal_won.json", "deal_lost.json", "deal_open_messy.json");
        landFixture("line_items", "line_item.json");
        landFixture("calls", "call.json");
        landFixture("tickets", "ticket.json");
        landFixture("marketing_emails", "marketing_email.json");
        landFixture("goals", "goal.json");
        land("deals", ODD_DEALS.stream().map(HubspotSetBasedMappingTest::deal).toArray(RawRecord[]::new));
        land("deals", new RawRecord("thin-1", null, true, "{\"id\":\"thin-1\"}"),
                new RawRecord("no-payload-id", null, false, "{\"properties\":{\"dealname\":\" x \"}}"));
        assertIdenticalAfterBothRuns();
        assertThat(CoreIdentity.count(sqlMapped, "deal")).isEqualTo(3 + ODD_DEALS.size() + 2);
        assertThat(CoreIdentity.count(sqlMapped, "deal_stage_history")).isGreaterThan(10);
        // 18231: 551, 552; odd-1: 551, 552, 12; odd-4: the string element {"id":"9"} taken as an id, as Java does
        assertThat(CoreIdentity.count(sqlMapped, "deal_contact")).isEqualTo(6);

        // round 2: updated twice in one page and once more in the next, deleted (full and thin tombstones),
        // archived, restored, contacts and stage history dropped
        ObjectNode won = fixture("deal_won.json");
        ((ObjectNode) won.get("properties")).put("amount", "30000").put("dealname", "v2");
        ObjectNode wonAgain = won.deepCopy();
        ((ObjectNode) wonAgain.get("properties")).put("amount", "31000.005").put("dealname", "v3")
                .remove(List.of("hs_date_entered_closedwon", "hs_date_entered_contractsent",
                        "hs_date_entered_appointmentscheduled"));
        wonAgain.remove("associations");
        land("deals", raw(won, false), raw(wonAgain, false), raw(fixture("deal_lost.json"), true),
                new RawRecord("odd-3", null, true, "{\"id\":\"odd-3\"}"),
                raw(withTop(fixture("deal_open_messy.json"), "archived", "true"), false),
                new RawRecord("thin-1", null, false, deal(ODD_DEALS.get(0)).payload().replace("odd-1", "thin-1")));
        assertIdenticalAfterBothRuns();

        ObjectNode wonLast = wonAgain.deepCopy();
        ((ObjectNode) wonLast.get("properties")).put("dealstage", "contractsent").put("hs_is_closed", "false")
                .put("hs_is_closed_won", "false");
        land("deals", raw(wonLast, false));
        assertIdenticalAfterBothRuns();

        // a replay from the start (lost watermark) changes nothing on either side
        for (Warehouse w : List.of(javaMapped, sqlMapped)) {
            try (Connection c = w.connect(); Statement st = c.createStatement()) {
                st.execute("delete from meta.normalize_state");
            }
        }
        assertIdenticalAfterBothRuns();
    }

    @Test
    void engagementsMappedInSqlEqualTheJavaMapperRowForRowThroughUpdatesDeletesAndOddFields() throws Exception {
        landFixture("calls", "call.json");
        land("calls", ODD_CALLS.stream().map(HubspotSetBasedMappingTest::deal).toArray(RawRecord[]::new));
        for (String type : List.of("email", "meeting", "task")) {
            land(type + "s", ODD_ENGAGEMENTS.stream().map(json -> deal(json.replace("{type}", type)))
                    .toArray(RawRecord[]::new));
        }
        land("notes", deal(ODD_ENGAGEMENTS.get(0).replace("{type}", "note")));
        assertIdenticalAfterBothRuns();
        assertThat(CoreIdentity.count(sqlMapped, "activity")).isEqualTo(1 + ODD_CALLS.size() + 3L * ODD_ENGAGEMENTS.size() + 1);

        // updated twice, archived, a thin tombstone, a restore
        land("calls", deal(ODD_CALLS.get(0).replace("185400", "1000")), deal(ODD_CALLS.get(0).replace("185400", "2500")),
                new RawRecord("c-2", null, true, "{\"id\":\"c-2\"}"));
        land("meetings", deal(ODD_ENGAGEMENTS.get(1).replace("{type}", "meeting").replace("\"archived\":true", "\"archived\":false")),
                new RawRecord("e-1", null, true, ODD_ENGAGEMENTS.get(0).replace("{type}", "meeting")));
        land("calls", deal(ODD_CALLS.get(0).replace("185400", "-1500")));
        assertIdenticalAfterBothRuns();
    }

    @Test
    void companiesMappedInSqlEqualTheJavaMapperRowForRow() throws Exception {
        landFixture("companies", "company.json");
        List<String> domains = List.of("HTTP://Foo.COM:8080/x", "www.", "...", "acme.com.", "a b.com", "ftp://x/y?z",
                "www.www.x.com", "mailto:x", "https://", "Ex\\u00c4mple.org#top", "sub.www.x.com/www.");
        List<String> employees = List.of("12.5", "1e3", "abc", "99999999999", "-1", "1,000", "2.5", "-2.5", " 7 ");
        List<RawRecord> companies = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            companies.add(deal("""
                    {"id":"co-%d","properties":{"name":" Co %d ","domain":"%s","numberofemployees":"%s",
                     "createdate":"2024-01-0%dT00:00:00Z","hs_analytics_source":"DIRECT_TRAFFIC"},
                     "updatedAt":"2024-02-01","archived":%s}"""
                    .formatted(i, i, domains.get(i), employees.get(i % employees.size()), 1 + i % 9, i % 4 == 3)));
        }
        land("companies", companies.toArray(RawRecord[]::new));
        land("companies", new RawRecord("co-9", null, true, "{\"id\":\"co-9\"}"),
                deal("{\"id\":\"co-10\",\"properties\":{\"domain\":{\"a\":1},\"numberofemployees\":12}}"));
        assertIdenticalAfterBothRuns();
        assertThat(CoreIdentity.count(sqlMapped, "account")).isEqualTo(1 + domains.size());

        land("companies", deal("{\"id\":\"co-1\",\"properties\":{\"domain\":\"new.example\"}}"),
                deal("{\"id\":\"co-1\",\"properties\":{\"domain\":\"newer.example\"}}"));
        assertIdenticalAfterBothRuns();
    }

    static final List<String> ODD_CALLS = List.of(
            """
            {"id":"c-1","properties":{"hs_call_title":" Call ","hs_call_direction":"inbound","hs_call_duration":"185400",
             "hs_timestamp":"1714554764120","hs_createdate":"2024-05-02 10:05:00","hubspot_owner_id":" 9 "},
             "createdAt":"2024-05-02T10:05:00Z","associations":{"deals":[{"id":"18231"}],"contacts":{"results":[{"id":"551"}]}}}
            """,
            """
            {"id":"c-2","properties":{"hs_call_direction":"FORWARDED_EMAIL","hs_call_duration":"1500.5",
             "hs_call_disposition":{"a":1},"hs_call_recording_url":"  "},"archived":"TRUE"}
            """,
            """
            {"id":"c-3","properties":{"hs_call_direction":"x","hs_call_duration":"-1500","hs_timestamp":"bad"}}
            """,
            """
            {"id":"c-4","properties":{"hs_call_direction":"email","hs_call_duration":"1e3"}}
            """,
            """
            {"id":"c-5","properties":{"hs_call_duration":"99999999999999999"}}
            """,
            """
            {"id":"c-6","properties":{"hs_call_duration":"abc","hs_call_direction":"Outbound"}}
            """,
            """
            {"id":"c-7","properties":{"hs_call_duration":"1,500"}}
            """,
            """
            {"id":"c-8","properties":{"hs_call_duration":"-99999999999999999"}}
            """);

    /** Engagements of any type ({type} filled in) whose fields take odd shapes. */
    static final List<String> ODD_ENGAGEMENTS = List.of(
            """
            {"id":"e-1","properties":{"hs_email_subject":"Hi","hs_email_direction":"INCOMING_EMAIL",
             "hs_meeting_title":"Demo","hs_meeting_outcome":"completed","hs_meeting_start_time":"2024-05-02T10:00:00+0200",
             "hs_task_subject":"Follow up","hs_task_status":"COMPLETED","hs_task_completion_date":"2024-05-03",
             "hs_timestamp":"2024-05-01T00:00:00Z","hs_note_body":"<p>Hello</p> world"},
             "createdAt":"2024-05-02T10:05:00Z","associations":{"companies":["7001"]}}
            """,
            """
            {"id":"e-2","properties":{"hs_email_direction":"EMAIL","hs_meeting_outcome":"SCHEDULED",
             "hs_meeting_start_time":"bad","hs_task_status":"NOT_STARTED","hs_task_completion_date":"2024-05-03",
             "hs_timestamp":"2024-05-01T00:00:00Z"},"archived":true}
            """,
            """
            {"id":"e-3","properties":{"hs_meeting_outcome":"  ","hs_task_status":"","hs_timestamp":""}}
            """,
            """
            {"id":"e-4","properties":null,"associations":{"deals":[" ",{"id":"18232"}]}}
            """);

    /** Deals whose fields take every shape {@code Fields} reads, and some it rejects. */
    static final List<String> ODD_DEALS = List.of(
            """
            {"id":"odd-1","properties":{"amount":25000,"hs_deal_stage_probability":0.2,"dealname":{"a":1},
             "dealstage":"\\t closedwon \\n","deal_currency_code":"usd","amount_in_home_currency":" 1,234.565 ",
             "hs_is_closed":"TRUE","hs_is_closed_won":"True","dealtype":"Renewal 2025","pipeline":["x"],
             "closedate":"2024-07-15","createdate":"1714554764120","hs_lastmodifieddate":"2024-07-15 14:03:11",
             "hs_date_entered_a":"2024-05-20T14:03:11+0200","hs_date_exited_a":"2024-05-21t10:00:00z",
             "hs_date_entered_b":"2024-05-20T12:03:11Z","hs_date_entered_c":"2024-05-20T12:03:11.123456789Z",
             "hs_date_exited_c":"2024-05-22T00:00","hs_date_entered_":"2024-01-01T00:00:00Z",
             "hs_date_entered_d":"not a date","hs_date_entered_e":"","hubspot_owner_id":"  77 "},
             "createdAt":"2024-01-01T00:00:00Z","archived":"false",
             "associations":{"companies":[{"id":" 7001 "},{"id":"7002"}],"contacts":[" 551","",null,"552",{"id":"551"},12]}}
            """,
            """
            {"id":"odd-2","properties":{"amount":"1e3","hs_deal_stage_probability":"55","dealtype":"New Business",
             "hs_is_closed":"yes","closedate":"2024-02-30T00:00:00Z","createdate":"2024-05-20T24:00:00Z",
             "hs_lastmodifieddate":"2024-05-20T14:03+02:00","dealstage":"appointmentscheduled",
             "hs_analytics_source":"  ","closed_lost_reason":"Price\\u00a0","hs_forecast_category":null},
             "createdAt":"2024-03-01T08:00:00.5-05:30","updatedAt":"2024-03-02T08:00:00+05:30",
             "associations":{"companies":{"results":[{"id":"7003"},{"id":""}]},"contacts":{"results":[]}}}
            """,
            """
            {"id":" odd-3 ","properties":{"amount":".5","hs_deal_stage_probability":"150","dealtype":"upsell",
             "hs_is_closed":"false","dealstage":"qualifiedtobuy","createdate":"not-a-date","amount_in_home_currency":"abc",
             "hs_date_entered_qualifiedtobuy":"1714554764120","hs_date_exited_qualifiedtobuy":"-1",
             "hs_date_entered_a/b~c":"2024-05-20T14:03:11Z","hs_date_exited_a/b~c":{"at":"2024-05-21T00:00:00Z"},
             "hs_date_entered_obj":["2024-05-20T14:03:11Z"],"hs_date_exited_obj":"2024-05-21T00:00:00Z",
             "hs_date_entered_nul":null,"hs_date_entered_num":1714554764120,"hs_date_exited_num":"{not json"},
             "updatedAt":"2024-03-02","archived":true,"associations":[]}
            """,
            """
            {"id":"odd-4","properties":{"amount":"-12.345","hs_deal_stage_probability":"-1","dealtype":"Existing",
             "hs_is_closed":"false","hs_is_closed_won":"true","dealstage":"x","createdate":"2024-05-20T14:03:11.5+0530",
             "hs_date_entered_x":"2024-05-20T14:03:11Z","hs_date_entered_y":"2024-05-20T14:03:11Z",
             "hs_deal_stage_probability_extra":"1","deal_currency_code":"  ",
             "dealname":"{looks like json}","hs_analytics_source":"[1]","closed_lost_reason":"\\u00e9\\"q\\"\\t"},
             "properties_extra":1,"associations":{"companies":"7001","contacts":[{"id":{"x":1}},{"id":" "},"{\\"id\\":\\"9\\"}",["8"]]}}
            """,
            """
            {"id":"odd-5","properties":"not an object","createdAt":"2024-01-01T00:00:00Z"}
            """,
            """
            {"id":"odd-6","properties":{"amount":"1,2,3.4","hs_deal_stage_probability":"1.0d","dealstage":"s",
             "createdate":"2024-05-20T14:03:11.000Z","closedate":"1721001600000","dealtype":"expansion",
             "hs_is_closed":"FALSE","hs_date_entered_s":"1721001600000","hs_date_exited_s":"2024-07-15T00:00:00.000000001Z"}}
            """);

    private void assertIdenticalAfterBothRuns() throws Exception {
        assertThat(run(javaMapped, true)).isEqualTo(BatchStatus.COMPLETED);
        assertThat(run(sqlMapped, false)).isEqualTo(BatchStatus.COMPLETED);
        Map<String, List<String>> differences = CoreIdentity.differences(javaMapped, sqlMapped, tmp);
        assertThat(differences).as("core tables that differ, with their differing rows").isEmpty();
    }

    private BatchStatus run(Warehouse warehouse, boolean javaMappers) throws Exception {
        NormalizationSteps steps = new NormalizationSteps(repository, warehouse, NormalizerRegistry.defaults(), 2);
        List<Step> list = (javaMappers ? steps.javaMappersOnly() : steps).stepsFor(SOURCE, "hubspot");
        SimpleJobBuilder job = new JobBuilder("normalize", repository).start(list.get(0));
        list.stream().skip(1).forEach(job::next);
        var execution = operator.start(job.build(),
                new JobParametersBuilder().addLong("run", ++runs).toJobParameters());
        execution.getAllFailureExceptions().forEach(Throwable::printStackTrace);
        return execution.getStatus();
    }

    /** Lands the page into both warehouses, with the same {@code _seq} and {@code _extracted_at} (→ synced_at). */
    private void land(String stream, RawRecord... records) throws Exception {
        for (Warehouse w : List.of(javaMapped, sqlMapped)) {
            w.landing().landPage(SOURCE, stream, "test-run", List.of(records), null, false);
        }
        String table = RawTables.qualified(SOURCE, stream);
        Path times = tmp.resolve("times-" + (++pages) + ".parquet");
        try (Connection c = javaMapped.connect(); Statement st = c.createStatement()) {
            st.execute("copy (select _seq, _extracted_at from " + table + ") to '" + times + "' (format parquet)");
        }
        try (Connection c = sqlMapped.connect(); Statement st = c.createStatement()) {
            st.execute("update " + table + " r set _extracted_at = t._extracted_at from read_parquet('" + times
                    + "') t where t._seq = r._seq");
        }
    }

    private void landFixture(String stream, String... files) throws Exception {
        List<RawRecord> records = new ArrayList<>();
        for (String file : files) {
            for (ObjectNode payload : VendorFixtures.fixtureRecords("hubspot", file)) {
                records.add(raw(payload, false));
            }
        }
        land(stream, records.toArray(RawRecord[]::new));
    }

    private static RawRecord deal(String json) {
        ObjectNode payload = (ObjectNode) VendorFixtures.JSON.readTree(json);
        return new RawRecord(payload.path("id").asString().trim(), null, false, payload.toString());
    }

    private static RawRecord raw(ObjectNode payload, boolean deleted) {
        return new RawRecord(payload.path("id").asString(), null, deleted, payload.toString());
    }

    private static ObjectNode withTop(ObjectNode payload, String field, String value) {
        payload.put(field, value);
        return payload;
    }

    private static ObjectNode fixture(String file) {
        return (ObjectNode) VendorFixtures.fixture("hubspot", file);
    }
}
