/** mp15sim module rproc-linux. */
package org.mp15sim.linux;
