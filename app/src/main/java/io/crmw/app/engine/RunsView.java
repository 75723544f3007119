package io.crmw.app.engine;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@code serve} reads run history ({@code meta.sync_run}, {@code meta.stream_run}): the engine's warehouse on a
 * single node; in cluster mode the published copy, which the transform holder refreshes after every sync (no node
 * keeps the warehouse file open).
 */
@FunctionalInterface
public interface RunsView {
    Connection connect() throws SQLException;
}
