/**
 * drivers/remoteproc/stm32_rproc.c (7.0 + "remoteproc tee" v22 6/7, 7/7): {@link org.mp15sim.linux.stm32.Stm32Rproc}
 * with both ops tables (native st_rproc_ops, st_rproc_tee_ops) and
 * {@link org.mp15sim.linux.stm32.Stm32RprocConfig} (stm32_rproc_parse_dt over a parsed device tree). Not modelled:
 * the SCMI "hold_boot" reset and the deprecated st,syscfg-tz SMC hold-boot path.
 */
package org.mp15sim.linux.stm32;
