package io.crmw.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class RecordSelectorTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void selectsTheObjectsOfTheArrayAndReadsAnExplicitNullAsEmpty() throws Exception {
        assertThat(RecordSelector.select(json("{'data':[{'id':1},{'id':2}]}"), "/data"))
                .extracting(n -> n.path("id").asInt()).containsExactly(1, 2);
        assertThat(RecordSelector.select(json("{'success':true,'data':null}"), "/data")).isEmpty();
        assertThat(RecordSelector.select(json("{'data':[]}"), "/data")).isEmpty();
    }

    @Test
    void anAnswerWithoutARecordsArrayIsMalformedNeverEmpty() {
        assertThatThrownBy(() -> RecordSelector.select(json("{}"), "/data"))
                .isInstanceOf(MalformedPageException.class).hasMessage("no records array at /data");
        assertThatThrownBy(() -> RecordSelector.select(json("{'data':{}}"), "/data"))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("OBJECT, not an array");
        assertThatThrownBy(() -> RecordSelector.select(json("[]"), "/data"))
                .isInstanceOf(MalformedPageException.class).hasMessage("the answer is not a JSON object");
        assertThatThrownBy(() -> RecordSelector.select(json("{'data':[1,2]}"), "/data"))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("NUMBER, not an object");
    }

    @Test
    void anAnswerWithoutContentIsAnEmptyPageButAnEmptyObjectIsNot() throws Exception {
        // the HTTP layer's answer to 204 No Content and 304 Not Modified
        assertThat(RecordSelector.select(tools.jackson.databind.node.MissingNode.getInstance(), "/data")).isEmpty();
        assertThatThrownBy(() -> RecordSelector.select(json("{}"), "/data")).isInstanceOf(MalformedPageException.class);
    }
}
