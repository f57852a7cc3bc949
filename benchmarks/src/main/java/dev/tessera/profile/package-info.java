/**
 * {@code tessera profile scaling}: time and peak memory of one operator call as the graph grows. Each (operator,
 * size) runs in a fresh child JVM ({@link dev.tessera.profile.ScalingChild}) so that its peak resident set is its
 * own; {@link dev.tessera.profile.ScalingSweep} drives the sizes and the time limit, and
 * {@link dev.tessera.profile.ScalingReport} prints and writes the results. Operators implement
 * {@link dev.tessera.profile.ScalingOperator} and are listed in {@link dev.tessera.profile.ScalingOperators}.
 */
package dev.tessera.profile;
