package io.crmw.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class PaginatorTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Paginator CURSOR = Paginator.token("cursor", "/additional_data/next_cursor");
    private static final Paginator OFFSET = Paginator.offset("start",
            "/additional_data/pagination/more_items_in_collection", "/additional_data/pagination/next_start");

    private static JsonNode json(String text) {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void aTokenPaginatorSendsTheTokenBackAndEndsOnNullOrAbsentOrBlank() throws Exception {
        assertThat(CURSOR.params(null)).isEmpty();
        assertThat(CURSOR.params("eyJpZCI6ODEyfQ")).isEqualTo(Map.of("cursor", "eyJpZCI6ODEyfQ"));
        assertThat(CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':'eyJpZCI6ODEyfQ'}}"), 1))
                .isEqualTo("eyJpZCI6ODEyfQ");
        assertThat(CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':812}}"), 1)).isEqualTo("812");
        assertThat(CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':null}}"), 1)).isNull();
        assertThat(CURSOR.next(json("{'data':[{}],'additional_data':{}}"), 1)).isNull();
        assertThat(CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':' '}}"), 1)).isNull();
    }

    @Test
    void aTokenWithoutRecordsEndsTheListingInsteadOfLoopingOnEmptyPages() throws Exception {
        assertThat(CURSOR.next(json("{'data':[],'additional_data':{'next_cursor':'abc'}}"), 0)).isNull();
    }

    @Test
    void aWrongTypedTokenIsAMalformedPageNotTheLastPage() {
        assertThatThrownBy(() -> CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':{}}}"), 1))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("/additional_data/next_cursor");
        assertThatThrownBy(() -> CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':true}}"), 1))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("BOOLEAN");
        assertThatThrownBy(() -> CURSOR.next(json("{'data':[{}],'additional_data':{'next_cursor':['a']}}"), 1))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("ARRAY");
    }

    @Test
    void anOffsetPaginatorStartsAtZeroAndFollowsNextStartWhileMoreItemsFollow() throws Exception {
        assertThat(OFFSET.params(null)).isEqualTo(Map.of("start", "0"));
        assertThat(OFFSET.params("500")).isEqualTo(Map.of("start", "500"));
        assertThat(OFFSET.next(json("{'data':[{}],'additional_data':{'pagination':{'start':0,'limit':500,"
                + "'more_items_in_collection':true,'next_start':500}}}"), 1)).isEqualTo("500");
        assertThat(OFFSET.next(json("{'data':[{}],'additional_data':{'pagination':{'start':500,'limit':500,"
                + "'more_items_in_collection':false}}}"), 1)).isNull();
        assertThat(OFFSET.next(json("{'data':[],'additional_data':{'pagination':{'start':0,'limit':500,"
                + "'more_items_in_collection':true,'next_start':500}}}"), 0)).isNull();
    }

    @Test
    void aWrongTypedOffsetFlagOrAMissingNextStartIsMalformed() {
        assertThatThrownBy(() -> OFFSET.next(json("{'data':[{}],'additional_data':{'pagination':{"
                + "'more_items_in_collection':'true','next_start':500}}}"), 1))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("more_items_in_collection");
        assertThatThrownBy(() -> OFFSET.next(json("{'data':[{}],'additional_data':{'pagination':{"
                + "'more_items_in_collection':true}}}"), 1))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("next_start");
        assertThatThrownBy(() -> OFFSET.next(json("{'data':[{}],'additional_data':{'pagination':{"
                + "'more_items_in_collection':true,'next_start':'500'}}}"), 1))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("STRING");
    }

    @Test
    void aSinglePageListingHasNoParametersAndNoNextPage() throws Exception {
        assertThat(Paginator.single().params("x")).isEmpty();
        assertThat(Paginator.single().next(json("{'data':[{}]}"), 1)).isNull();
    }

    private static final Paginator PAGE_TOKEN = Paginator.token("page_token", "/info/next_page_token", "/info/more_records");
    private static final Paginator PAGES = Paginator.pages("page", "/info/more_records", "/info/page");

    @Test
    void aFlaggedTokenFollowsTheTokenWhileMoreRecordsAndAMissingTokenIsMalformed() throws Exception {
        assertThat(PAGE_TOKEN.params(null)).isEmpty();
        assertThat(PAGE_TOKEN.params("c858")).containsExactly(java.util.Map.entry("page_token", "c858"));
        assertThat(PAGE_TOKEN.next(json("{'data':[{}],'info':{'more_records':true,'next_page_token':'c858'}}"), 1))
                .isEqualTo("c858");
        assertThat(PAGE_TOKEN.next(json("{'data':[{}],'info':{'more_records':false,'next_page_token':null}}"), 1)).isNull();
        assertThat(PAGE_TOKEN.next(tools.jackson.databind.node.MissingNode.getInstance(), 0)).isNull();
        assertThatThrownBy(() -> PAGE_TOKEN.next(json("{'data':[{}],'info':{'more_records':true,'next_page_token':null}}"), 1))
                .isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> PAGE_TOKEN.next(json("{'data':[{}]}"), 1)).isInstanceOf(MalformedPageException.class);
    }

    @Test
    void pageNumbersStartAtOneAndFollowTheAnsweredPageWhileMoreRecords() throws Exception {
        assertThat(PAGES.params(null)).containsExactly(java.util.Map.entry("page", "1"));
        assertThat(PAGES.next(json("{'data':[{}],'info':{'more_records':true,'page':3}}"), 1)).isEqualTo("4");
        assertThat(PAGES.next(json("{'data':[{}],'info':{'more_records':false,'page':4}}"), 1)).isNull();
        assertThatThrownBy(() -> PAGES.next(json("{'data':[{}],'info':{'more_records':true}}"), 1))
                .isInstanceOf(MalformedPageException.class);
    }

    @Test
    void anExportCursorStartsFromZeroThenSendsOnlyTheCursorAndKeepsTheLastOneForTheNextPass() throws Exception {
        Paginator export = Paginator.exportCursor("start_time", "cursor", "/after_cursor", "/end_of_stream");
        assertThat(export.params(null)).containsExactly(Map.entry("start_time", "0"));
        assertThat(export.params("MTcx")).containsExactly(Map.entry("cursor", "MTcx"));
        assertThat(export.next(json("{'tickets':[{}],'after_cursor':'MTcx','end_of_stream':false}"), 1)).isEqualTo("MTcx");
        assertThat(export.next(json("{'tickets':[],'after_cursor':'MTcy','end_of_stream':true}"), 0)).isNull();
        assertThat(export.resume(json("{'tickets':[],'after_cursor':'MTcy','end_of_stream':true}"))).isEqualTo("MTcy");
        assertThat(export.resumes()).isTrue();
        assertThatThrownBy(() -> export.next(json("{'tickets':[{}],'after_cursor':'MTcx'}"), 1))
                .isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> export.next(json("{'tickets':[{}],'after_cursor':null,'end_of_stream':false}"), 1))
                .isInstanceOf(MalformedPageException.class);
    }

    @Test
    void aTimeExportFollowsTheEndTimeAndSaysItsPagesOverlap() throws Exception {
        Paginator time = Paginator.timeExport("start_time", "/end_time", "/end_of_stream");
        assertThat(time.params(null)).containsExactly(Map.entry("start_time", "0"));
        assertThat(time.next(json("{'organizations':[{}],'end_time':1716206400,'end_of_stream':false}"), 1))
                .isEqualTo("1716206400");
        assertThat(time.next(json("{'organizations':[],'end_time':1716206400,'end_of_stream':true}"), 0)).isNull();
        assertThat(time.overlaps()).isTrue();
        assertThatThrownBy(() -> time.next(json("{'organizations':[{}],'end_time':null,'end_of_stream':false}"), 1))
                .isInstanceOf(MalformedPageException.class);
    }

    @Test
    void aFeedPositionStartsAtItsFirstPositionAndDrainsUntilTheTop() throws Exception {
        Paginator feed = Paginator.feedPosition("position", "top", "/meta/position", "/meta/top");
        assertThat(feed.params(null)).containsExactly(Map.entry("position", "top"));
        assertThat(feed.next(json("{'items':[{}],'meta':{'position':'p2','top':false}}"), 1)).isEqualTo("p2");
        assertThat(feed.next(json("{'items':[],'meta':{'position':'p3','top':true}}"), 0)).isNull();
        assertThat(feed.resume(json("{'items':[],'meta':{'position':'p3','top':true}}"))).isEqualTo("p3");
    }

    @Test
    void linkedPagesTakeTheNextNumberFromTheNextLink() throws Exception {
        Paginator linked = Paginator.linkedPages("page", "/meta/links/next_page");
        assertThat(linked.params(null)).containsExactly(Map.entry("page", "1"));
        assertThat(linked.next(json("{'items':[{}],'meta':{'links':{'next_page':'https://api.getbase.com/v2/deals?"
                + "per_page=100&page=3'}}}"), 1)).isEqualTo("3");
        assertThat(linked.next(json("{'items':[{}],'meta':{'links':{'self':'x'}}}"), 1)).isNull();
        assertThatThrownBy(() -> linked.next(json("{'items':[{}],'meta':{'links':{'next_page':'https://x/v2/deals'}}}"), 1))
                .isInstanceOf(MalformedPageException.class);
    }
}
