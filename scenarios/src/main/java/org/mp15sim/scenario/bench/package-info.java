/**
 * JMH benchmarks of the simulation kernel (event queue, process hand-off, trace bus), each measured
 * against a baseline in the same run, and {@link org.mp15sim.scenario.bench.KernelBench}, which runs
 * them with CI-sized settings and prints the table.
 */
package org.mp15sim.scenario.bench;
