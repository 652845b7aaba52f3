package org.mp15sim.linux.mailbox;

import org.mp15sim.core.dt.Node;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.IrqRegistration;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.soc.dt.IpccConfig;

/**
 * The STM32 IPCC mailbox controller driver (drivers/mailbox/stm32-ipcc.c, compatible "st,stm32mp1-ipcc"). It
 * reaches the IPCC only through the A7 bus, in the kernel driver's order: probe masks every channel and enables
 * both interrupt sources, startup unmasks a channel's RX-occupied interrupt, send sets the channel occupied and
 * unmasks its TX-free interrupt, the RX thread hands each occupied channel to the framework and then clears it,
 * the TX thread masks each freed channel's TX-free interrupt and reports TX done. Channels carry no data: the
 * message object is ignored, as in the kernel.
 */
public final class Stm32Ipcc implements MboxChanOps {
    /** {@code IPCC_XCR}: C1CR/C2CR, bit 0 RXOIE, bit 16 TXFIE (the driver's XCR_TXOIE). */
    static final int IPCC_XCR = 0x000;
    /** {@code IPCC_XMR}: C1MR/C2MR, bits 15:0 CHnOM, bits 31:16 CHnFM (1 = masked). */
    static final int IPCC_XMR = 0x004;
    /** {@code IPCC_XSCR}: C1SCR/C2SCR, bit n clears the other side's CHnF, bit 16+n sets our CHnF. */
    static final int IPCC_XSCR = 0x008;
    /** {@code IPCC_XTOYSR}: C1TOC2SR/C2TOC1SR, bit n CHnF. */
    static final int IPCC_XTOYSR = 0x00C;
    static final int IPCC_PROC_OFFST = 0x010;
    static final int IPCC_HWCFGR = 0x3F0;
    static final int IPCC_VER = 0x3F4;
    static final int XCR_RXOIE = 1;
    static final int XCR_TXOIE = 1 << 16;
    static final int RX_BIT_MASK = 0x0000_FFFF;
    static final int TX_BIT_MASK = 0xFFFF_0000;
    static final int TX_BIT_SHIFT = 16;
    static final int STM32_MAX_PROCS = 2;

    /**
     * How the board describes the IPCC node.
     *
     * @param ofNode        the DT node consumers' {@code mboxes} point to (a label such as {@code ipcc})
     * @param name          {@code dev_name}, e.g. {@code 4c001000.mailbox}
     * @param base          the register block's bus address (0x4C001000)
     * @param procId        {@code st,proc-id}: 0 for the A7 (processor 1)
     * @param rxIrq         the "rx" interrupt (RX occupied of this processor: EXTI 61 → GIC SPI 100)
     * @param txIrq         the "tx" interrupt (TX free of this processor: GIC SPI 101)
     * @param wakeupSource  the node has {@code wakeup-source}
     */
    public record Config(String ofNode, String name, long base, int procId, IrqLine rxIrq, IrqLine txIrq, boolean wakeupSource) {
        /** The STM32MP15 DK2 node: {@code ipcc: mailbox@4c001000}, st,proc-id = 0, wakeup-source. */
        public static Config stm32mp15(IrqLine rxIrq, IrqLine txIrq) {
            return new Config("ipcc", "4c001000.mailbox", 0x4C00_1000L, 0, rxIrq, txIrq, true);
        }

        /**
         * From the device tree's IPCC node ({@code st,stm32mp1-ipcc}) and the lines its "rx"/"tx" interrupts
         * resolve to. The controller registers under {@link Mailbox#nodeId(Node)}, the key consumers' {@code mboxes}
         * use.
         */
        public static Config fromDt(Node ipcc, IrqLine rxIrq, IrqLine txIrq) {
            IpccConfig c = IpccConfig.from(ipcc);
            return new Config(Mailbox.nodeId(ipcc), ipcc.unitAddress() + "." + ipcc.baseName(), c.base(), c.procId(), rxIrq, txIrq,
                    c.wakeupSource());
        }
    }

    private final Device dev;
    private final AddressSpace bus;
    private final long regBase;
    private final long regProc;
    private final int procId;
    private final int nChans;
    private final MboxController controller;
    private final IrqRegistration rxIrq;
    private final IrqRegistration txIrq;
    private int savedXcr;
    private int savedXmr;

    private Stm32Ipcc(Kernel kernel, Mailbox mailbox, Config cfg) throws ErrnoException {
        this.dev = new Device(kernel, "stm32-ipcc", cfg.name());
        this.bus = kernel.bus();
        this.procId = cfg.procId();
        if (procId < 0 || procId >= STM32_MAX_PROCS) {
            dev.err("Invalid proc_id (" + procId + ")");
            throw new ErrnoException(Errno.EINVAL, dev + ": st,proc-id " + procId + " (must be 0 or 1)");
        }
        this.regBase = cfg.base();
        this.regProc = regBase + (long) procId * IPCC_PROC_OFFST;
        if (cfg.rxIrq() == null || cfg.txIrq() == null) {
            throw new ErrnoException(Errno.ENXIO, dev + ": interrupt \"" + (cfg.rxIrq() == null ? "rx" : "tx") + "\" not found");
        }
        this.rxIrq = kernel.requestThreadedIrq(cfg.rxIrq(), cfg.name(), null, this::rxIrqThread, true);
        this.txIrq = kernel.requestThreadedIrq(cfg.txIrq(), cfg.name(), null, this::txIrqThread, true);
        // mask and enable rx/tx irq
        setBits(regProc + IPCC_XMR, RX_BIT_MASK | TX_BIT_MASK);
        setBits(regProc + IPCC_XCR, XCR_RXOIE | XCR_TXOIE);
        this.nChans = bus.read32(regBase + IPCC_HWCFGR) & 0xFF;
        if (nChans == 0) {
            rxIrq.free();
            txIrq.free();
            throw new ErrnoException(Errno.EINVAL, dev + ": HWCFGR reports 0 channels");
        }
        this.controller = new MboxController(dev, cfg.ofNode(), this, nChans, true, false, 0);
        mailbox.registerController(controller);
        int ipVer = bus.read32(regBase + IPCC_VER);
        dev.info("ipcc rev:" + ((ipVer >>> 4) & 0xF) + "." + (ipVer & 0xF) + " enabled, " + nChans + " chans, proc " + procId);
    }

    /** {@code stm32_ipcc_probe}: programs the IPCC and registers the controller with {@code mailbox}. */
    public static Stm32Ipcc probe(Kernel kernel, Mailbox mailbox, Config cfg) throws ErrnoException {
        return new Stm32Ipcc(kernel, mailbox, cfg);
    }

    public Device device() { return dev; }
    public MboxController controller() { return controller; }
    public int numChans() { return nChans; }
    /** The requested "rx" and "tx" interrupts (for /proc/interrupts-style counts). */
    public IrqRegistration rxIrq() { return rxIrq; }
    public IrqRegistration txIrq() { return txIrq; }

    private void setBits(long reg, int mask) { bus.write32(reg, bus.read32(reg) | mask); }

    private void clrBits(long reg, int mask) { bus.write32(reg, bus.read32(reg) & ~mask); }

    /** {@code stm32_ipcc_rx_irq}: the other processor posted on unmasked channels. */
    private void rxIrqThread() {
        long otherBank = procId != 0 ? regProc - IPCC_PROC_OFFST : regProc + IPCC_PROC_OFFST;
        int tosr = bus.read32(otherBank + IPCC_XTOYSR);
        int mr = bus.read32(regProc + IPCC_XMR);
        int status = tosr & ~mr & RX_BIT_MASK;
        for (int chan = 0; chan < nChans; chan++) {
            if ((status & (1 << chan)) == 0) continue;
            dev.dbg("stm32_ipcc_rx_irq: chan:" + chan + " rx");
            controller.chan(chan).receivedData(null);
            setBits(regProc + IPCC_XSCR, 1 << chan);
        }
    }

    /** {@code stm32_ipcc_tx_irq}: the other processor freed channels we posted on. */
    private void txIrqThread() {
        int tosr = bus.read32(regProc + IPCC_XTOYSR);
        int mr = bus.read32(regProc + IPCC_XMR);
        int status = ~tosr & (~mr >>> TX_BIT_SHIFT);
        for (int chan = 0; chan < nChans; chan++) {
            if ((status & (1 << chan)) == 0) continue;
            dev.dbg("stm32_ipcc_tx_irq: chan:" + chan + " tx");
            setBits(regProc + IPCC_XMR, 1 << (TX_BIT_SHIFT + chan));
            controller.chan(chan).txdone(0);
        }
    }

    /** {@code stm32_ipcc_send_data}: set channel n occupied, then unmask its TX-free interrupt. */
    @Override
    public int sendData(MboxChan chan, Object data) {
        int n = chan.index();
        dev.dbg("stm32_ipcc_send_data: chan:" + n);
        setBits(regProc + IPCC_XSCR, 1 << (TX_BIT_SHIFT + n));
        clrBits(regProc + IPCC_XMR, 1 << (TX_BIT_SHIFT + n));
        return 0;
    }

    /** {@code stm32_ipcc_startup}: unmask the channel's RX-occupied interrupt. */
    @Override
    public int startup(MboxChan chan) {
        clrBits(regProc + IPCC_XMR, 1 << chan.index());
        return 0;
    }

    /** {@code stm32_ipcc_shutdown}: mask the channel's RX and TX interrupts. */
    @Override
    public void shutdown(MboxChan chan) {
        setBits(regProc + IPCC_XMR, (1 << chan.index()) | (1 << (TX_BIT_SHIFT + chan.index())));
    }

    /** {@code stm32_ipcc_suspend}: saves XMR and XCR. */
    public void suspend() {
        savedXmr = bus.read32(regProc + IPCC_XMR);
        savedXcr = bus.read32(regProc + IPCC_XCR);
    }

    /** {@code stm32_ipcc_resume}: restores XMR and XCR. */
    public void resume() {
        bus.write32(regProc + IPCC_XMR, savedXmr);
        bus.write32(regProc + IPCC_XCR, savedXcr);
    }

    /** {@code stm32_ipcc_remove} + devm release: unregisters the controller and frees both interrupts. */
    public void remove() {
        Mailbox fw = controller.framework;
        if (fw != null) fw.unregisterController(controller);
        rxIrq.free();
        txIrq.free();
    }
}
