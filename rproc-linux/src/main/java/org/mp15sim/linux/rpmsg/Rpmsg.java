package org.mp15sim.linux.rpmsg;

import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.virtio.VirtioBus;

/**
 * The rpmsg stack of one kernel, installed in the kernel's init order: the rpmsg bus and name-service driver
 * (postcore), virtio_rpmsg_bus (subsys), then the rpmsg_tty, rpmsg_ctrl and rpmsg_char drivers (modules).
 */
public record Rpmsg(RpmsgBus bus, VirtioRpmsgBus virtio, RpmsgTty tty, RpmsgCtrl ctrl, RpmsgChar chr) {
    /** {@code RPMSG_ADDR_ANY}. */
    public static final int RPMSG_ADDR_ANY = 0xFFFF_FFFF;
    /** {@code RPMSG_NAME_SIZE}. */
    public static final int RPMSG_NAME_SIZE = 32;
    /** {@code RPMSG_NS_ADDR}: the name service's address (53). */
    public static final int RPMSG_NS_ADDR = 53;
    /** {@code RPMSG_NS_CREATE} / {@code RPMSG_NS_DESTROY}. */
    public static final int RPMSG_NS_CREATE = 0;
    public static final int RPMSG_NS_DESTROY = 1;
    /** {@code EMSGSIZE}, {@code ERESTARTSYS}: errnos that {@link org.mp15sim.linux.kernel.Errno} does not name. */
    public static final int EMSGSIZE = 90;
    public static final int ERESTARTSYS = 512;

    /** Creates the bus, registers every rpmsg driver and the virtio driver with {@code virtioBus}. */
    public static Rpmsg install(Kernel kernel, VirtioBus virtioBus) {
        RpmsgBus bus = new RpmsgBus(kernel);
        bus.registerDriver(new RpmsgNs());
        VirtioRpmsgBus virtio = new VirtioRpmsgBus(kernel, bus);
        RpmsgTty tty = new RpmsgTty(kernel);
        bus.registerDriver(tty);
        RpmsgChar chr = new RpmsgChar(kernel);
        bus.registerDriver(chr);
        RpmsgCtrl ctrl = new RpmsgCtrl(kernel, chr);
        bus.registerDriver(ctrl);
        virtioBus.registerDriver(virtio);
        return new Rpmsg(bus, virtio, tty, ctrl, chr);
    }
}
