/** mp15sim module tee-optee. */
package org.mp15sim.tee;
