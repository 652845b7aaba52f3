/**
 * STM32MP15 board device trees: loading the bundled boards ({@link org.mp15sim.soc.dt.BoardDts}),
 * checking the remoteproc bindings the Linux and TEE models rely on
 * ({@link org.mp15sim.soc.dt.Stm32RprocBinding}), and extracting what those models need
 * ({@link org.mp15sim.soc.dt.M4RprocConfig}).
 */
package org.mp15sim.soc.dt;
