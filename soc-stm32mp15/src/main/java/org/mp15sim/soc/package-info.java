/** mp15sim module soc-stm32mp15. */
package org.mp15sim.soc;
