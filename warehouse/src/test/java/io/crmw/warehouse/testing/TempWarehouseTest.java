package io.crmw.warehouse.testing;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test on a fresh warehouse (migrations applied) in its own temporary folder, opened before each test. */
public abstract class TempWarehouseTest {

    @TempDir
    protected Path dir;
    protected Warehouse wh;

    @BeforeEach
    void openWarehouse() {
        wh = Warehouse.open(dir.resolve("w.duckdb"));
    }

    @AfterEach
    void closeWarehouse() {
        wh.close();
    }

    protected void exec(String... sqls) throws Exception {
        WarehouseSql.exec(wh, sqls);
    }

    protected List<String> rows(String sql) throws Exception {
        return WarehouseSql.rows(wh, sql);
    }
}
