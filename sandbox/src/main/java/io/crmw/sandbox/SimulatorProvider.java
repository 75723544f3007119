package io.crmw.sandbox;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * One CRM's simulator, found by {@link ServiceLoader} (listed in
 * {@code META-INF/services/io.crmw.sandbox.SimulatorProvider}), as connectors and normalizers are. {@link Sandbox}
 * starts every registered provider whose {@link #crm()} the options select; a started simulator says how to reach
 * it with {@link SimulatedApi#connectionSettings()}.
 */
public interface SimulatorProvider {

  /** The source type the simulator stands in for, as a source's {@code type:} names it: {@code pipedrive}. */
  String type();

  /** The CRM whose share of the split business it serves. */
  Crm crm();

  /** One line for {@code crmw sandbox}: the vendor and the share it holds. */
  String description();

  /** Starts it on a loopback port over {@code business}, with its account and the fault plan from the options. */
  SimulatedApi start(Business business, SandboxOptions options);

  /** A provider whose type, CRM and description are fixed; the vendor supplies {@link #start} or a starter. */
  abstract class Named implements SimulatorProvider {

    private final String type;
    private final Crm crm;
    private final String description;
    private final BiFunction<Business, SandboxOptions, SimulatedApi> starter;

    protected Named(String type, Crm crm, String description) {
      this(type, crm, description, null);
    }

    /** {@code starter}: how {@link #start} starts the vendor's simulator. */
    protected Named(String type, Crm crm, String description,
                    BiFunction<Business, SandboxOptions, SimulatedApi> starter) {
      this.type = type;
      this.crm = crm;
      this.description = description;
      this.starter = starter;
    }

    @Override
    public SimulatedApi start(Business business, SandboxOptions options) {
      return starter.apply(business, options);
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public Crm crm() {
      return crm;
    }

    @Override
    public String description() {
      return description;
    }
  }

  /** Every registered provider, in {@link Crm} order. */
  static List<SimulatorProvider> all() {
    return ServiceLoader.load(SimulatorProvider.class, SimulatorProvider.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get).sorted(Comparator.comparing(SimulatorProvider::crm)).toList();
  }

  /** The registered provider of a source type; IllegalArgumentException naming the registered ones otherwise. */
  static SimulatorProvider of(String type) {
    List<SimulatorProvider> all = all();
    return all.stream().filter(p -> p.type().equals(type)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "no simulator for CRM type '" + type + "'; registered: "
            + all.stream().map(SimulatorProvider::type).collect(Collectors.joining(", "))));
  }
}
