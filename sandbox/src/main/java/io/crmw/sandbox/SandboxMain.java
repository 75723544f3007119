package io.crmw.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Starts a sandbox and keeps it up until Ctrl-C. Arguments: [seed] [size] [port] [--crms hubspot,salesforce,pipedrive,zoho]
 * (default: every registered simulator), or the older [--salesforce] [--pipedrive] (HubSpot plus those).
 */
public final class SandboxMain {

  private SandboxMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    List<String> types;
    int crms = rest.indexOf("--crms");
    if (crms >= 0 && crms + 1 < rest.size()) {
      types = Arrays.asList(rest.remove(crms + 1).split(","));
    } else if (rest.contains("--salesforce") || rest.contains("--pipedrive")) {
      types = Stream.concat(Stream.of("hubspot"), rest.stream().filter(a -> a.startsWith("--"))
          .map(a -> a.substring(2))).toList();
    } else {
      types = SimulatorProvider.all().stream().map(SimulatorProvider::type).toList();
    }
    rest.removeIf(a -> a.startsWith("--"));
    SandboxOptions o = SandboxOptions.defaults().withCrmTypes(types);
    if (rest.size() > 0) {
      o = o.withSeed(Long.parseLong(rest.get(0)));
    }
    if (rest.size() > 1) {
      o = o.withSize(Integer.parseInt(rest.get(1)));
    }
    if (rest.size() > 2) {
      o = o.withPort(Integer.parseInt(rest.get(2)));
    }
    Sandbox sandbox = Sandbox.start(o);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }));
    System.out.println("Sandbox (seed " + o.seed() + ", size " + o.size() + "): deals: "
        + sandbox.groundTruth().liveDeals() + " live, contacts: " + sandbox.groundTruth().liveContacts()
        + ", companies: " + sandbox.groundTruth().liveCompanies());
    for (SimulatorProvider p : SimulatorProvider.all()) {
      SimulatedApi s = sandbox.simulators().get(p.type());
      if (s != null) {
        System.out.println(p.description() + " as a source of type " + p.type() + ":");
        print(s.connectionSettings(), "  ");
        print(s.otherAuthSettings(), "  or ");
      }
    }
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
  }

  private static void print(Map<String, String> settings, String prefix) {
    settings.forEach((k, v) -> System.out.printf("%s%-14s %s%n", prefix, k + ":", v));
  }
}
