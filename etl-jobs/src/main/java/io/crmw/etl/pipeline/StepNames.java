package io.crmw.etl.pipeline;

/** Step names that read as English in the run history: {@code hubspot-main} → {@code HubspotMain}. */
final class StepNames {
    private StepNames() {}

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
