package io.crmw.sandbox.business;

/** A sales team an owner belongs to; {@code primary} marks the owner's main team. */
public record Team(String id, String name, boolean primary) {
}
