package io.crmw.warehouse;

import java.sql.Connection;

/** Hands out a fresh warehouse connection (a duplicate of the root); the caller closes it. */
@FunctionalInterface
public interface ConnectionSource {
    Connection connect();
}
