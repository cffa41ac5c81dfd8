package io.eventflow.event.compatibility.internal;

import io.eventflow.event.compatibility.CompatibilityRule;

/** One place where a reader's schema refuses what a writer's allows, or where the check refuses to judge. */
public record InclusionFinding(String pointer, CompatibilityRule rule, String detail) {}
