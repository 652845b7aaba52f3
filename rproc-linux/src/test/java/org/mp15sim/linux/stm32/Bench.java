package org.mp15sim.linux.stm32;

import java.util.function.Supplier;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtsParser;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.board.TestBoard;
import org.mp15sim.linux.mailbox.Mailbox;
import org.mp15sim.linux.remoteproc.RemoteProc;

/**
 * Test bench until the SoC model is on main: RETRAM and MCU SRAM (aliased at 0x10000000 and 0x30000000) on an
 * A7 bus, plain register files for RCC / PWR / TAMP, a fake IPCC and the DK2 m4_rproc device tree node.
 */
final class Bench implements AutoCloseable {
    static final long RCC = 0x5000_0000L, PWR = 0x5000_1000L, TAMP = 0x5C00_A000L;
    static final long RCC_MP_GCR = 0x10C, RCC_MP_GRSTCSETR = 0x404, PWR_MCUCR = 0x14, TAMP_BKP17R = 0x144, TAMP_BKP18R = 0x148;

    final Scheduler s = new Scheduler();
    final PhysicalMemory retram = new PhysicalMemory("RETRAM", 0x10000);
    final PhysicalMemory sram = new PhysicalMemory("MCU_SRAM", 0x60000);
    final AddressSpace bus = new AddressSpace("a7-ns", new BusMaster("a7", 0, false));
    final RegFile rcc = new RegFile("RCC"), pwr = new RegFile("PWR"), tamp = new RegFile("TAMP");
    final IrqLine wdg = new IrqLine(s, "exti68");
    final Kernel k;
    final Mailbox mailbox;
    final FakeIpcc ipcc;

    Bench() { this(KernelConfig.defaults()); }

    Bench(KernelConfig cfg) {
        bus.mapMemory("RETRAM", 0x3800_0000L, retram, 0, retram.size());
        bus.mapMemory("SRAM-ID", 0x1000_0000L, sram, 0, sram.size());
        bus.mapMemory("SRAM-S", 0x3000_0000L, sram, 0, sram.size());
        bus.mapMmio(RCC, 0x1000, rcc);
        bus.mapMmio(PWR, 0x400, pwr);
        bus.mapMmio(TAMP, 0x400, tamp);
        k = new Kernel(s, cfg, bus);
        mailbox = new Mailbox(k);
        ipcc = new FakeIpcc(k, mailbox);
    }

    static String dts(boolean tee, boolean autoBoot) {
        return """
            /dts-v1/;
            / {
              #address-cells = <1>; #size-cells = <1>;
              reserved-memory {
                #address-cells = <1>; #size-cells = <1>; ranges;
                mcuram2: mcuram2@10000000 { compatible = "shared-dma-pool"; reg = <0x10000000 0x40000>; no-map; };
                vdev0vring0: vdev0vring0@10040000 { compatible = "shared-dma-pool"; reg = <0x10040000 0x1000>; no-map; };
                vdev0vring1: vdev0vring1@10041000 { compatible = "shared-dma-pool"; reg = <0x10041000 0x1000>; no-map; };
                vdev0buffer: vdev0buffer@10042000 { compatible = "shared-dma-pool"; reg = <0x10042000 0x4000>; no-map; };
                mcuram: mcuram@30000000 { compatible = "shared-dma-pool"; reg = <0x30000000 0x40000>; no-map; };
                retram: retram@38000000 { compatible = "shared-dma-pool"; reg = <0x38000000 0x10000>; no-map; };
              };
              firmware { tee_rproc: optee-rproc { compatible = "80a4c275-0a47-4905-8285-1486a9771a08"; }; };
              rcc: rcc@50000000 { reg = <0x50000000 0x1000>; #reset-cells = <1>; };
              pwr_mcu: pwr_mcu@50001014 { reg = <0x50001014 0x4>; };
              tamp: tamp@5c00a000 { reg = <0x5c00a000 0x400>; };
              exti: interrupt-controller@5000d000 { reg = <0x5000d000 0x400>; interrupt-controller; #interrupt-cells = <2>; };
              ipcc: mailbox@4c001000 { reg = <0x4c001000 0x400>; #mbox-cells = <1>; };
              mlahb {
                #address-cells = <1>; #size-cells = <1>;
                dma-ranges = <0x00000000 0x38000000 0x10000>, <0x10000000 0x10000000 0x60000>, <0x30000000 0x30000000 0x60000>;
                m4_rproc: m4@10000000 {
                  compatible = "st,stm32mp1-m4";
                  reg = <0x10000000 0x40000>, <0x30000000 0x40000>, <0x38000000 0x10000>;
                  memory-region = <&retram>, <&mcuram>, <&mcuram2>, <&vdev0vring0>, <&vdev0vring1>, <&vdev0buffer>;
                  mboxes = <&ipcc 0>, <&ipcc 1>, <&ipcc 2>, <&ipcc 3>;
                  mbox-names = "vq0", "vq1", "shutdown", "detach";
                  interrupt-parent = <&exti>;
                  interrupts = <68 1>;
                  st,syscfg-pdds = <&pwr_mcu 0x0 0x1>;
                  st,syscfg-rsc-tbl = <&tamp 0x144 0xFFFFFFFF>;
                  st,syscfg-m4-state = <&tamp 0x148 0xFFFFFFFF>;
            %s
                  status = "okay";
                };
              };
            };
            """.formatted((tee ? "      st,rproc-tee = <&tee_rproc 0>;\n"
                : "      resets = <&rcc 8225>;\n      st,syscfg-holdboot = <&rcc 0x10C 0x1>;\n") + (autoBoot ? "      st,auto-boot;\n" : ""));
    }

    Stm32RprocConfig config(boolean tee, boolean autoBoot) {
        DeviceTree dt = DtsParser.parse("bench.dts", dts(tee, autoBoot));
        return Stm32RprocConfig.fromDt(dt, dt.node("/mlahb/m4@10000000"), line -> line == 68 ? wdg : null);
    }

    /** Runs {@code body} in a simulation process and the scheduler until it returns; gives its result. */
    <T> T inProcess(Supplier<T> body) { return TestBoard.inProcess(s, body); }

    /** Probes stm32_rproc in a process. */
    Stm32Rproc probe(boolean tee, boolean autoBoot) {
        Object r = tryProbe(tee, autoBoot);
        if (r instanceof ErrnoException e) throw new AssertionError("probe failed: " + e.getMessage(), e);
        return (Stm32Rproc) r;
    }

    /** Probes stm32_rproc in a process, expecting it to fail: the error probe returned. */
    ErrnoException probeError(boolean tee, boolean autoBoot) {
        Object r = tryProbe(tee, autoBoot);
        if (r instanceof ErrnoException e) return e;
        throw new AssertionError("probe succeeded where it should fail");
    }

    private Object tryProbe(boolean tee, boolean autoBoot) {
        return inProcess(() -> {
            try {
                return Stm32Rproc.probe(k, mailbox, config(tee, autoBoot));
            } catch (ErrnoException e) {
                return e;
            }
        });
    }

    /** echo {@code text} > path: 0 or -errno. */
    int write(String path, String text) {
        return inProcess(() -> {
            try {
                k.vfs().writeText(path, text);
                return 0;
            } catch (ErrnoException e) {
                return -e.errno();
            }
        });
    }

    String read(String path) {
        try {
            return k.vfs().readText(path);
        } catch (ErrnoException e) {
            throw new AssertionError(e);
        }
    }

    static String sysfs(RemoteProc r, String attr) { return "/sys/class/remoteproc/" + r.dev().name() + "/" + attr; }

    int state(RemoteProc r, String word) { return write(sysfs(r, "state"), word + "\n"); }

    String dmesg() { return k.dmesg().text(); }

    // ------------------------------------------------------------------ firmware (TestFirmware: table at RSC_DA, trace at TRACE_DA)

    void installFirmware(String name, byte[] elf) { k.firmware().install(name, elf); }

    void poisonSram() {
        sram.segment().fill((byte) 0x5A);
        retram.segment().fill((byte) 0x5A);
    }

    static int errno(String name) { return -Errno.parse(name); }

    @Override public void close() { s.close(); }
}
