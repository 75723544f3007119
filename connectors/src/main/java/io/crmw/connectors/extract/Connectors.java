package io.crmw.connectors.extract;

import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connectors on the class path, by type (found with {@link ServiceLoader}, so no CRM is named here). */
public final class Connectors {
    private final Map<String, Connector> byType = new TreeMap<>();

    public Connectors() {
        ServiceLoader.load(Connector.class).forEach(c -> byType.put(c.type(), c));
    }

    public Connector forType(String type) {
        Connector connector = byType.get(type);
        if (connector == null) {
            throw new ConfigException("unknown source type '" + type + "'; known types: " + String.join(", ", byType.keySet()));
        }
        return connector;
    }

    public boolean knows(String type) {
        return byType.containsKey(type);
    }

    public java.util.Set<String> types() {
        return byType.keySet();
    }
}
