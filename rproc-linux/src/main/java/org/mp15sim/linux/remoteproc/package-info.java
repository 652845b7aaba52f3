/**
 * drivers/remoteproc core, file by file: {@link org.mp15sim.linux.remoteproc.RemoteProc} (remoteproc_core.c:
 * rproc_alloc/add/del, rproc_boot/rproc_fw_boot/rproc_start, rproc_shutdown/rproc_stop, rproc_attach/detach,
 * rproc_report_crash, the crash handler and recovery, rproc_da_to_va and the v22 rproc_pa_to_va),
 * {@link org.mp15sim.linux.remoteproc.RprocOps} (struct rproc_ops), {@link org.mp15sim.linux.remoteproc.RprocElfLoader}
 * (remoteproc_elf_loader.c), {@link org.mp15sim.linux.remoteproc.RprocVdev} (remoteproc_virtio.c),
 * {@link org.mp15sim.linux.remoteproc.RprocCoredump} and {@link org.mp15sim.linux.remoteproc.Devcoredump}
 * (remoteproc_coredump.c, devcoredump), {@link org.mp15sim.linux.remoteproc.RprocSysfs} and
 * {@link org.mp15sim.linux.remoteproc.RprocDebugfs} (remoteproc_sysfs.c, remoteproc_debugfs.c),
 * {@link org.mp15sim.linux.remoteproc.ResourceTable} (the fw_rsc_* layouts).
 *
 * <p>Documented deviations: no IOMMU (devmem entries fail as on stm32), the cdev ({@code RprocCdev}) without its ioctl, no pm_stay_awake/pm_relax; the
 * sysfs state checks are an option ({@code setSysfsStateChecks}) because the 7.0 form is unconfirmed.
 */
package org.mp15sim.linux.remoteproc;
