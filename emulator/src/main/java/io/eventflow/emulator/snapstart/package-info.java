/**
 * A CRaC implementation for a JVM without one, just enough to run SnapStart's runtime hooks locally: start the JVM
 * with {@code -Dorg.crac.Core.Compat=io.eventflow.emulator.snapstart} and {@code org.crac.Core} registers resources
 * here; {@link io.eventflow.emulator.snapstart.Core#checkpointRestore()} then calls every registered resource's
 * {@code beforeCheckpoint} (last registered first) and {@code afterRestore} (first registered first), the order
 * Lambda's runtime documents. No snapshot is taken: the process goes on as it was. The cold-start benchmark and the
 * priming tests use it to measure and check a function primed as SnapStart primes it.
 *
 * <p>The names mirror {@code jdk.crac}, which {@code org.crac} looks up by reflection in the package it is given.
 */
package io.eventflow.emulator.snapstart;
