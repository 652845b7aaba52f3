package org.mp15sim.soc;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.cpu.ArmV7mConfig;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.UnmodelledAccessLog;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.ClockDomain;
import org.mp15sim.soc.irq.Gic;
import org.mp15sim.soc.m4.CortexM4;
import org.mp15sim.soc.m4.M4Subsystem;
import org.mp15sim.soc.periph.Dbgmcu;
import org.mp15sim.soc.periph.Exti;
import org.mp15sim.soc.periph.Gpio;
import org.mp15sim.soc.periph.GpioLog;
import org.mp15sim.soc.periph.Hsem;
import org.mp15sim.soc.periph.Ipcc;
import org.mp15sim.soc.periph.Peripheral;
import org.mp15sim.soc.periph.Pwr;
import org.mp15sim.soc.periph.Rcc;
import org.mp15sim.soc.periph.Syscfg;
import org.mp15sim.soc.periph.Tamp;
import org.mp15sim.soc.periph.Usart;
import org.mp15sim.soc.periph.Wwdg;

/**
 * The STM32MP15 SoC assembled from plain parameters: memories, the three bus masters' address spaces,
 * the peripherals the remoteproc stack and the M4 firmware use, the A7 GIC, the wiring of every interrupt
 * line, and the M4 subsystem (reset and hold-boot; the executing core is attached with
 * {@link M4Subsystem#attach}).
 *
 * <p>Who reaches what: the Linux model uses {@link #a7()} (non-secure) and listens to {@link #gicSpi(int)}
 * lines; the TEE model uses {@link #a7Secure()} for RCC/TAMP and the firewall; the M4 core uses {@link #m4()}.
 */
public final class Stm32mp15 implements AutoCloseable {
    /** The Cortex-A7 in the non-secure state (Linux). HSEM reads COREID 1 from this id. */
    public static final BusMaster A7 = new BusMaster("a7", 1, false);
    /** The Cortex-A7 in the secure state (OP-TEE). */
    public static final BusMaster A7_SECURE = new BusMaster("a7-secure", 1, true);
    /** The Cortex-M4: always a non-secure master; COREID 2. */
    public static final BusMaster M4 = new BusMaster("m4", 2, false);
    /** External interrupt inputs of the M4 NVIC (IRQn 0..149, {@code stm32mp157cxx_cm4.h}). */
    public static final int NVIC_IRQS = 150;

    // Interrupt numbers used by the wiring (M4 IRQn; the A7 SPI numbers are the same, spec §1.3).
    public static final int IRQ_WWDG1 = 0, IRQ_USART3 = 39, IRQ_UART7 = 82, IRQ_IPCC_RX0 = 100, IRQ_IPCC_TX0 = 101;
    public static final int IRQ_IPCC_RX1 = 103, IRQ_IPCC_TX1 = 104, IRQ_HSEM_IT2 = 125;

    private final Stm32mp15Config config;
    private final Scheduler scheduler;
    private final Stm32mp15Memories memories;
    private final Firewall firewall;
    private final UnmodelledAccessLog unmodelled = new UnmodelledAccessLog();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> clockWarnings = new ArrayList<>();
    private final List<BusErrorException> busErrors = new ArrayList<>();
    private final AddressSpace m4, a7, a7Secure;
    private final ClockDomain m4Clock;
    private final Ipcc ipcc;
    private final Exti exti;
    private final Rcc rcc;
    private final Pwr pwr;
    private final Tamp tamp;
    private final Hsem hsem;
    private final Syscfg syscfg;
    private final Dbgmcu dbgmcu;
    private final Gpio[] gpio = new Gpio[Gpio.PORTS];
    private final GpioLog gpioLog = new GpioLog();
    private final Wwdg wwdg;
    private final Usart usart3, uart7;
    private final Gic gic;
    private final IrqLine[] nvic = new IrqLine[NVIC_IRQS];
    private final M4Subsystem m4Subsystem;
    private final List<Peripheral> peripherals = new ArrayList<>();
    private CortexM4 cortexM4;
    private boolean closed;

    public Stm32mp15(Scheduler scheduler, Stm32mp15Config config) {
        this.scheduler = scheduler;
        this.config = config;
        this.m4Clock = new ClockDomain("m4", config.m4Hz());
        memories = new Stm32mp15Memories(config.ddrSize());
        firewall = new Firewall(memories, config.sysramSecureSize(), config.ddrSecureBase(), config.ddrSecureSize());

        ipcc = add(new Ipcc(scheduler));
        hsem = add(new Hsem(scheduler));
        rcc = add(new Rcc(scheduler, config.rccTzen(), config.rccMckprot()));
        pwr = add(new Pwr(scheduler));
        for (int p = 0; p < Gpio.PORTS; p++) gpio[p] = add(new Gpio(scheduler, p, gpioLog));
        exti = add(new Exti(scheduler));
        syscfg = add(new Syscfg(scheduler, config.bootPins()));
        dbgmcu = add(new Dbgmcu(scheduler, config.dbgmcuRevId()));
        tamp = add(new Tamp(scheduler));
        wwdg = add(new Wwdg(scheduler, () -> rcc.apb1ClockHz(config.m4Hz())));
        // Kernel clock: pclk1, the reset selection of RCC UART35CKSELR / UART78CKSELR.
        usart3 = add(new Usart(scheduler, "USART3", Usart.USART3_BASE, () -> rcc.apb1ClockHz(config.m4Hz())));
        uart7 = add(new Usart(scheduler, "UART7", Usart.UART7_BASE, () -> rcc.apb1ClockHz(config.m4Hz())));
        gic = new Gic(scheduler);
        for (int i = 0; i < NVIC_IRQS; i++) nvic[i] = new IrqLine(scheduler, "M4 NVIC " + i);

        m4 = space("m4", M4);
        a7 = space("a7", A7);
        a7Secure = space("a7-secure", A7_SECURE);
        memories.mapM4(m4);
        memories.mapA7(a7);
        memories.mapA7(a7Secure);
        for (Peripheral p : peripherals) {
            m4.mapMmio(p.base(), p.size(), p);
            a7.mapMmio(p.base(), p.size(), p);
            a7Secure.mapMmio(p.base(), p.size(), p);
        }
        for (AddressSpace s : List.of(a7, a7Secure)) {
            s.mapMmio(Gic.GICD_BASE, gic.distributor().size(), gic.distributor());
            s.mapMmio(Gic.GICC_BASE, gic.cpuInterface().size(), gic.cpuInterface());
        }
        for (Peripheral p : List.of(gic.distributor(), gic.cpuInterface())) configure(p);

        wire();
        clockChecks();
        m4Subsystem = new M4Subsystem(scheduler, rcc, exti, wwdg, nvic);
    }

    private <P extends Peripheral> P add(P p) {
        peripherals.add(p);
        configure(p);
        return p;
    }

    private void configure(Peripheral p) {
        p.setUnmodelledLog(unmodelled);
        p.setUnknownPolicy(config.unmappedPolicy());
        p.setWarningSink(warnings::add);
    }

    private AddressSpace space(String name, BusMaster master) {
        AddressSpace s = new AddressSpace(name, master);
        s.setUnmappedPolicy(config.unmappedPolicy());
        s.setUnmodelledLog(unmodelled);
        s.setWarningSink(warnings::add);
        s.setBusErrorListener(e -> {
            busErrors.add(e);
            var t = scheduler.trace();
            if (t.enabled()) t.log(scheduler.now(), t.track("bus"), e.getMessage());
        });
        return s;
    }

    /** Every interrupt wire of the SoC, as the silicon routes it (spec §1.3, §2). */
    private void wire() {
        // IPCC: the A7 RX line enters EXTI as direct line 61 and reaches GIC SPI 100 through it.
        ipcc.c1RxOccupied().connectTo(exti.input(Exti.LINE_IPCC_CPU1));
        ipcc.c1TxFree().connectTo(gic.spi(IRQ_IPCC_TX0));
        ipcc.c2RxOccupied().connectTo(nvic[IRQ_IPCC_RX1]);
        ipcc.c2TxFree().connectTo(nvic[IRQ_IPCC_TX1]);
        ipcc.c2RxOccupied().connectTo(exti.input(Exti.LINE_IPCC_CPU2));
        ipcc.c2RxOccupied().connectTo(gic.spi(IRQ_IPCC_RX1));
        ipcc.c2TxFree().connectTo(gic.spi(IRQ_IPCC_TX1));
        // HSEM: IT1 for the A7 through EXTI 63, IT2 straight to the M4 NVIC (and EXTI 64 for wake-up).
        hsem.it1().connectTo(exti.input(Exti.LINE_HSEM_IT1));
        hsem.it2().connectTo(nvic[IRQ_HSEM_IT2]);
        hsem.it2().connectTo(exti.input(Exti.LINE_HSEM_IT2));
        // WWDG1 early wake-up: M4 IRQ 0 and A7 SPI 0. Its reset output is handled by the M4 subsystem.
        wwdg.earlyWakeup().connectTo(nvic[IRQ_WWDG1]);
        wwdg.earlyWakeup().connectTo(gic.spi(IRQ_WWDG1));
        usart3.irq().connectTo(nvic[IRQ_USART3]);
        usart3.irq().connectTo(gic.spi(IRQ_USART3));
        uart7.irq().connectTo(nvic[IRQ_UART7]);
        uart7.irq().connectTo(gic.spi(IRQ_UART7));
        for (int line = 0; line < Exti.LINES; line++) {
            if (Exti.gicSpi(line) >= 0) exti.cpu1Output(line).connectTo(gic.spi(Exti.gicSpi(line)));
            if (Exti.nvicIrq(line) >= 0) exti.cpu2Output(line).connectTo(nvic[Exti.nvicIrq(line)]);
        }
        // GPIO pads reach EXTI lines 0-15 through the port EXTICR selects for the line.
        exti.setPadSource((port, pin) -> port < Gpio.PORTS && gpio[port].pad(pin).isHigh());
        for (Gpio port : gpio) {
            for (int pin = 0; pin < 16; pin++) {
                int line = pin;
                port.pad(pin).addListener(high -> {
                    if (exti.gpioPortOf(line) == port.index()) exti.input(line).set(high);
                });
            }
        }
    }

    /**
     * The blocks an M4 firmware must clock itself (RCC MC_xxxENSETR, or the MPU-side MP_xxxENSETR that
     * Linux would set): a firmware that forgets works here but not on the board, so say so.
     */
    private void clockChecks() {
        clockCheck(ipcc, "MC_AHB3ENSETR", "MP_AHB3ENSETR", Rcc.IPCCEN, "IPCCEN");
        clockCheck(hsem, "MC_AHB3ENSETR", "MP_AHB3ENSETR", Rcc.HSEMEN, "HSEMEN");
        for (Gpio g : gpio) clockCheck(g, "MC_AHB4ENSETR", "MP_AHB4ENSETR", g.index(), "GPIO" + g.letter() + "EN");
        clockCheck(wwdg, "MC_APB1ENSETR", null, Rcc.WWDG1EN, "WWDG1EN"); // the MPU side has no WWDG1 enable
        clockCheck(usart3, "MC_APB1ENSETR", "MP_APB1ENSETR", 15, "USART3EN");
        clockCheck(uart7, "MC_APB1ENSETR", "MP_APB1ENSETR", 18, "UART7EN");
    }

    private void clockCheck(Peripheral p, String mcu, String mpu, int bit, String bitName) {
        p.setClockCheck(M4.id(), () -> rcc.isEnabled(mcu, bit) || (mpu != null && rcc.isEnabled(mpu, bit)),
                "RCC " + mcu + "." + bitName, clockWarnings::add);
    }

    // ------------------------------------------------------------------ accessors

    public Stm32mp15Config config() { return config; }
    public Scheduler scheduler() { return scheduler; }
    public Stm32mp15Memories memories() { return memories; }
    public Firewall firewall() { return firewall; }

    /** What the Cortex-M4 sees (non-secure master "m4"). */
    public AddressSpace m4() { return m4; }
    /** What non-secure A7 software (Linux) sees. */
    public AddressSpace a7() { return a7; }
    /** What secure A7 software (OP-TEE, the PTA) sees: same map, secure attribute. */
    public AddressSpace a7Secure() { return a7Secure; }

    public ClockDomain m4Clock() { return m4Clock; }
    public Ipcc ipcc() { return ipcc; }
    public Exti exti() { return exti; }
    public Rcc rcc() { return rcc; }
    public Pwr pwr() { return pwr; }
    public Tamp tamp() { return tamp; }
    public Hsem hsem() { return hsem; }
    public Syscfg syscfg() { return syscfg; }
    public Dbgmcu dbgmcu() { return dbgmcu; }
    public Wwdg wwdg() { return wwdg; }
    public Usart usart3() { return usart3; }
    public Usart uart7() { return uart7; }
    /** GPIO port by letter 'A'..'K'. */
    public Gpio gpio(char port) {
        int i = Character.toUpperCase(port) - 'A';
        if (i < 0 || i >= Gpio.PORTS) throw new IllegalArgumentException("no GPIO port " + port + " (A..K)");
        return gpio[i];
    }
    public GpioLog gpioLog() { return gpioLog; }
    public Gic gic() { return gic; }
    /** The GIC input of SPI {@code spi}: what the Linux model's interrupt requests listen to. */
    public IrqLine gicSpi(int spi) { return gic.spi(spi); }
    /**
     * The A7 interrupt of EXTI line {@code line} as the Linux EXTI irqchip hands it to a consumer of
     * {@code <&exti line type>}: over the non-secure bus it selects the rising edge (for an edge type) and
     * unmasks the line in C1IMR, and for a configurable line it writes RPR after each rise, the EOI of the
     * hierarchical irqchip ({@code stm32_exti_h_eoi}), in a zero-delay event. Returns the GIC SPI input
     * the line drives (EXTI 68 -&gt; SPI 143, 61 -&gt; SPI 100).
     */
    public IrqLine a7ExtiInterrupt(int line, boolean risingEdge) {
        int spi = Exti.gicSpi(line);
        if (spi < 0) throw new IllegalArgumentException("EXTI line " + line + " does not reach the A7 GIC");
        long bank = 0x20L * (line / 32);
        int bit = 1 << (line % 32);
        long imr = Exti.BASE + 0x80 + 0x10L * (line / 32);
        if (Exti.type(line) == Exti.LineType.CONFIGURABLE) {
            if (risingEdge) a7.write32(Exti.BASE + bank, a7.read32(Exti.BASE + bank) | bit);
            var eoi = scheduler.timer("exti " + line + " eoi", () -> a7.write32(Exti.BASE + bank + 0x0C, bit));
            exti.cpu1Output(line).addListener(high -> { if (high && !eoi.isPending()) eoi.scheduleIn(0); });
        }
        a7.write32(imr, a7.read32(imr) | bit);
        return gic.spi(spi);
    }

    /**
     * M4 device address to A7 physical address, the mlahb dma-ranges of stm32mp151.dtsi: RETRAM da 0 is
     * pa 0x38000000, both MCU SRAM windows map 1:1. Returns -1 outside them.
     */
    public static long m4DaToPa(long da) {
        if (da >= 0 && da < Stm32mp15Memories.RETRAM_SIZE) return Stm32mp15Memories.RETRAM_A7 + da;
        if (da >= Stm32mp15Memories.MCUSRAM && da < Stm32mp15Memories.MCUSRAM + Stm32mp15Memories.MCUSRAM_SIZE) return da;
        if (da >= Stm32mp15Memories.MCUSRAM_ALIAS && da < Stm32mp15Memories.MCUSRAM_ALIAS + Stm32mp15Memories.MCUSRAM_SIZE) return da;
        return -1;
    }

    /** The M4 NVIC input {@code irq}. */
    public IrqLine nvicInput(int irq) { return nvic[irq]; }
    public M4Subsystem m4Subsystem() { return m4Subsystem; }

    /**
     * Creates the Cortex-M4 (Unicorn) on the M4 bus at the configured clock and attaches it to the M4
     * subsystem; it starts executing when RCC releases it. Peripheral-only uses of the SoC never pay
     * for an emulator.
     */
    public CortexM4 createM4Core(ArmV7mConfig coreConfig) {
        if (cortexM4 != null) throw new IllegalStateException("the M4 core already exists");
        cortexM4 = new CortexM4(scheduler, m4Clock, m4, coreConfig, m4Subsystem);
        return cortexM4;
    }

    /** {@link #createM4Core(ArmV7mConfig)} with the STM32MP15 M4 configuration, {@link CortexM4#config()}. */
    public CortexM4 createM4Core() { return createM4Core(CortexM4.config()); }

    /** The M4 core, or {@code null} before {@link #createM4Core}. */
    public CortexM4 m4Core() { return cortexM4; }
    public List<Peripheral> peripherals() { return List.copyOf(peripherals); }

    // ------------------------------------------------------------------ faults

    /** Fault injection: WWDG1 fires now (M4 reset, WWDG1RSTF, EXTI 68 toward Linux). */
    public void injectWatchdogExpiry() { wwdg.expireNow(); }

    /** Fault injection: the M4 core locks up (halts; the crash signal rises). */
    public void injectM4Lockup() { m4Subsystem.injectLockup(); }

    // ------------------------------------------------------------------ run summary

    public UnmodelledAccessLog unmodelledAccesses() { return unmodelled; }
    public List<BusErrorException> busErrors() { return List.copyOf(busErrors); }
    public List<String> warnings() { return List.copyOf(warnings); }
    /** M4 accesses to a peripheral whose clock neither core enabled (first per peripheral). */
    public List<String> clockWarnings() { return List.copyOf(clockWarnings); }

    /** Lines for the end-of-run report: unmodelled accesses, refused accesses, bus errors. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        if (unmodelled.isEmpty()) out.add("unmodelled accesses: none");
        else {
            out.add("unmodelled accesses:");
            for (String s : unmodelled.summary()) out.add("  " + s);
        }
        for (String c : clockWarnings) out.add("clock: " + c);
        for (String d : rcc.denials()) out.add("RCC: " + d);
        if (ipcc.m4AcksDroppedChannels() != 0) {
            out.add("IPCC: fault injected: M4 acknowledgements dropped on channel mask 0x" + Integer.toHexString(ipcc.m4AcksDroppedChannels())
                    + " (" + ipcc.droppedM4Acks() + " ack(s) of a posted message lost)");
        }
        if (tamp.denials() > 0) out.add("TAMP: " + tamp.denials() + " access(es) refused by the secure backup-register zones");
        for (BusErrorException e : busErrors) out.add(e.getMessage());
        return out;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (cortexM4 != null) cortexM4.close(); // unmaps the memories from Unicorn before they go
        memories.close();
    }
}
