/** mp15sim module scenarios. */
package org.mp15sim.scenario;
