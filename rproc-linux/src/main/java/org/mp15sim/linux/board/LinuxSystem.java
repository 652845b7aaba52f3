package org.mp15sim.linux.board;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.mailbox.Mailbox;
import org.mp15sim.linux.mailbox.Stm32Ipcc;
import org.mp15sim.linux.remoteproc.RemoteProc;
import org.mp15sim.linux.rpmsg.Rpmsg;
import org.mp15sim.linux.stm32.Stm32Rproc;
import org.mp15sim.linux.stm32.Stm32RprocConfig;
import org.mp15sim.linux.tee.OpteeClientContext;
import org.mp15sim.linux.tee.RemoteprocTee;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.periph.Exti;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/**
 * The Linux side of a board: one kernel on the A7 with the drivers of the remoteproc stack probed in the
 * kernel's init order from the device tree: stm32-ipcc (mailbox), the rpmsg stack (virtio_rpmsg_bus, tty,
 * char), remoteproc_tee on the TEE bus when the DT names the TA and a secure world is present, then
 * stm32_rproc. Probing runs in the process "kernel_init"; {@link #isUp()} turns true when it finished.
 *
 * <p>{@link #rebootWithM4Running()} models a Linux reboot that leaves the M4 alone: the old kernel's interrupts
 * are released (nothing is written to the hardware), and a new kernel boots and probes again.
 */
public final class LinuxSystem {
    private final Scheduler scheduler;
    private final Stm32mp15 soc;
    private final DeviceTree dt;
    private final Stm32mpSecureWorld secure;
    private final KernelConfig config;
    private final Kernel kernel;
    private final Mailbox mailbox;
    private final List<String> probeErrors = new ArrayList<>();
    private Stm32Ipcc ipcc;
    private Rpmsg rpmsg;
    private RemoteprocTee tee;
    private Stm32Rproc stm32;
    private boolean up;
    private boolean gone;

    private LinuxSystem(Scheduler scheduler, Stm32mp15 soc, DeviceTree dt, Stm32mpSecureWorld secure, KernelConfig config) {
        this.scheduler = scheduler;
        this.soc = soc;
        this.dt = dt;
        this.secure = secure;
        this.config = config;
        this.kernel = new Kernel(scheduler, config, soc.a7());
        this.mailbox = new Mailbox(kernel);
    }

    /**
     * Boots Linux on {@code soc}: returns at once; the probes run in simulated time (run the scheduler until
     * {@link #isUp()}). {@code secure} may be null (no OP-TEE: the TEE path then defers).
     */
    public static LinuxSystem boot(Scheduler scheduler, Stm32mp15 soc, DeviceTree dt, Stm32mpSecureWorld secure, KernelConfig config) {
        return boot(scheduler, soc, dt, secure, config, null);
    }

    private static LinuxSystem boot(Scheduler scheduler, Stm32mp15 soc, DeviceTree dt, Stm32mpSecureWorld secure, KernelConfig config,
            Runnable before) {
        LinuxSystem l = new LinuxSystem(scheduler, soc, dt, secure, config);
        scheduler.spawn("kernel_init", () -> {
            if (before != null) before.run();
            l.init();
        });
        return l;
    }

    private void init() {
        // drivers/mailbox (subsys_initcall) before remoteproc (device_initcall)
        Node ipccNode = first("st,stm32mp1-ipcc");
        if (ipccNode != null && ipccNode.isEnabled()) {
            try {
                ipcc = Stm32Ipcc.probe(kernel, mailbox, Stm32Ipcc.Config.stm32mp15(soc.a7ExtiInterrupt(Exti.LINE_IPCC_CPU1, false),
                        soc.gicSpi(Stm32mp15.IRQ_IPCC_TX0)));
            } catch (ErrnoException e) {
                probeErrors.add("stm32-ipcc: " + e.getMessage());
            }
        }
        rpmsg = Rpmsg.install(kernel, kernel.virtioBus());
        if (config.remoteprocTee() && config.optee() && secure != null) {
            Node taNode = first(RemoteprocTee.UUID);
            boolean enumerated = secure.client().enumerateDevices().stream().anyMatch(u -> u.toString().equals(RemoteprocTee.UUID));
            if (enumerated) {
                tee = RemoteprocTee.of(kernel);
                int ret = tee.probe(OpteeClientContext.open(secure.client()), taNode == null ? null : taNode.path());
                if (ret != 0) probeErrors.add("remoteproc-tee: probe " + Errno.name(ret));
            }
        }
        Node m4 = first("st,stm32mp1-m4");
        if (m4 != null && m4.isEnabled()) {
            try {
                stm32 = Stm32Rproc.probe(kernel, mailbox, Stm32RprocConfig.fromDt(dt, m4, line -> soc.a7ExtiInterrupt(line, true)));
            } catch (ErrnoException e) {
                probeErrors.add("stm32-rproc: " + e.getMessage());
                kernel.dmesg().err("stm32-rproc " + m4.unitAddress() + "." + m4.baseName() + ": probe with driver stm32-rproc failed with error -" + e.errno());
            }
        }
        up = true;
    }

    private Node first(String compatible) {
        List<Node> l = dt.compatible(compatible);
        return l.isEmpty() ? null : l.get(0);
    }

    public Scheduler scheduler() { return scheduler; }
    public Stm32mp15 soc() { return soc; }
    public DeviceTree deviceTree() { return dt; }
    public Kernel kernel() { return kernel; }
    public Mailbox mailbox() { return mailbox; }
    public Stm32Ipcc ipcc() { return ipcc; }
    public Rpmsg rpmsg() { return rpmsg; }
    /** The remoteproc_tee backend, or null when not probed. */
    public RemoteprocTee tee() { return tee; }
    /** The stm32_rproc driver, or null when its probe failed (see {@link #probeErrors()}). */
    public Stm32Rproc stm32() { return stm32; }
    /** The M4's remoteproc, or null. */
    public RemoteProc rproc() { return stm32 == null ? null : stm32.rproc(); }
    /** True once kernel_init finished probing. */
    public boolean isUp() { return up; }
    /** Probe failures, e.g. "stm32-rproc: ...: EINVAL (Invalid argument)". */
    public List<String> probeErrors() { return List.copyOf(probeErrors); }

    /**
     * A Linux reboot that leaves the M4 running: the old kernel stops reacting to interrupts (its handlers are
     * released, nothing is written to the IPCC, RCC or TAMP), then a new kernel boots on the same SoC, DT and
     * secure world. The secure world keeps its state, but the old kernel's TEE context is closed first (its
     * sessions would otherwise hold the single-instance remoteproc TA and the new kernel's rproc_tee_register
     * would fail): a modelling choice, since on the board a reboot also restarts OP-TEE. Returns the new
     * system; this one must not be used any more.
     */
    public LinuxSystem rebootWithM4Running() {
        if (gone) throw new IllegalStateException("this Linux already rebooted");
        gone = true;
        if (stm32 != null) stm32.abandon();
        if (ipcc != null) {
            ipcc.rxIrq().free();
            ipcc.txIrq().free();
        }
        RemoteprocTee oldTee = tee;
        return boot(scheduler, soc, dt, secure, config, oldTee == null ? null : oldTee::remove);
    }
}
