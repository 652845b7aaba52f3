/**
 * The remoteproc trusted application (optee_os ta/remoteproc) and the remoteproc PTA interface it
 * drives (lib/libutee/include/remoteproc_pta.h). The TA is platform independent; the STM32MP platform
 * PTA lives in {@code org.mp15sim.tee.stm32mp}.
 */
package org.mp15sim.tee.rproc;
