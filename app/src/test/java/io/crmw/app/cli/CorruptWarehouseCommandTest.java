package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warehouse file that is not a DuckDB database ends `sync` and `status` with one line saying what to do. */
class CorruptWarehouseCommandTest {
    @TempDir
    Path dir;

    @Test
    void syncAndStatusNameACorruptWarehouseInOneLine() throws Exception {
        Path warehouse = dir.resolve("warehouse.duckdb");
        Files.writeString(warehouse, "this is not a database, it is a note someone saved over the warehouse\n".repeat(200));
        Path token = dir.resolve("token");
        Files.writeString(token, "pat-not-used");
        Path config = dir.resolve("crmw.yml");
        Files.writeString(config, """
                crmw:
                  warehouse: %s
                  sources:
                    - name: hubspot-main
                      type: hubspot
                      base-url: http://127.0.0.1:9
                      token-file: %s
                """.formatted(warehouse, token));

        for (String command : new String[] {"sync", "status"}) {
            StringWriter err = new StringWriter();
            int code = CrmwCommand.execute(new PrintWriter(err, true), command, "--config", config.toString());
            assertThat(code).as(command).isNotZero();
            assertThat(err.toString().lines()).as(command).hasSize(1);
            assertThat(err.toString()).as(command).contains(warehouse.toString()).contains("corrupt")
                    .contains("published copy").doesNotContain("\tat ").doesNotContain("Exception");
        }
        // nothing overwrote the file: the user can still inspect or restore it
        assertThat(Files.readString(warehouse)).startsWith("this is not a database");
    }
}
