/** mp15sim module sim-core. */
package org.mp15sim.core;
