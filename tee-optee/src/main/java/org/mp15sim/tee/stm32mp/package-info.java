/**
 * The STM32MP platform side of OP-TEE's remoteproc support: the stm32 remoteproc driver
 * (core/drivers/remoteproc/stm32_remoteproc.c: memory regions, DA to PA, start/stop through RCC, memory
 * clean-up), the platform PTA (core/pta/stm32mp/remoteproc_pta.c) and the assembly of a secure world for
 * a board ({@link org.mp15sim.tee.stm32mp.Stm32mpSecureWorld}).
 */
package org.mp15sim.tee.stm32mp;
