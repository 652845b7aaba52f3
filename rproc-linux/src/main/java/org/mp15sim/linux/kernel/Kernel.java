package org.mp15sim.linux.kernel;

import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.linux.virtio.VirtioBus;

/**
 * The simulated Linux on the Cortex-A7: its log, filesystem, workqueues, interrupt plumbing and firmware
 * loader, and the non-secure bus through which its drivers reach the hardware (never a model's internals).
 */
public final class Kernel {
    private final Scheduler scheduler;
    private final KernelConfig config;
    private final AddressSpace bus;
    private final Dmesg dmesg;
    private final Vfs vfs = new Vfs();
    private final Workqueue systemWq;
    private final FirmwareLoader firmware;
    private final VirtioBus virtioBus = new VirtioBus();

    public Kernel(Scheduler scheduler, KernelConfig config, AddressSpace bus) {
        this.scheduler = scheduler;
        this.config = config;
        this.bus = bus;
        this.dmesg = new Dmesg(scheduler);
        this.systemWq = new Workqueue(scheduler, "events", config.workqueueLatency());
        this.firmware = new FirmwareLoader(this);
    }

    public Scheduler scheduler() { return scheduler; }
    public KernelConfig config() { return config; }
    /** The A7 non-secure bus view (MMIO of IPCC, RCC, TAMP, ... and the shared RAMs). */
    public AddressSpace bus() { return bus; }
    public Dmesg dmesg() { return dmesg; }
    public Vfs vfs() { return vfs; }
    /** {@code system_wq}. */
    public Workqueue systemWq() { return systemWq; }
    public FirmwareLoader firmware() { return firmware; }
    /** The kernel's one virtio bus: remoteproc_virtio registers devices, virtio_rpmsg_bus its driver. */
    public VirtioBus virtioBus() { return virtioBus; }

    /** {@code alloc_workqueue()}: a new ordered workqueue with its own worker. */
    public Workqueue createWorkqueue(String name) { return new Workqueue(scheduler, name, config.workqueueLatency()); }

    /** {@code devm_request_threaded_irq()} on a level-triggered line. */
    public IrqRegistration requestThreadedIrq(IrqLine line, String name, IrqHandler hard, Runnable thread, boolean oneshot) {
        return new IrqRegistration(this, line, name, hard, thread, false, oneshot);
    }

    /** {@code devm_request_irq()} on a level-triggered line. */
    public IrqRegistration requestIrq(IrqLine line, String name, IrqHandler handler) {
        return new IrqRegistration(this, line, name, handler, null, false, false);
    }

    /** {@code devm_request_irq()} on an edge-triggered line (IRQ_TYPE_EDGE_RISING). */
    public IrqRegistration requestEdgeIrq(IrqLine line, String name, IrqHandler handler) {
        return new IrqRegistration(this, line, name, handler, null, true, false);
    }
}
