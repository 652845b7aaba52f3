package org.mp15sim.core.cpu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mp15sim.core.cpu.ArmV7mConfig;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.cpu.FirmwareImage;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.ClockDomain;

/**
 * A bare ARMv7-M system for running the project's firmware (firmware/) in tests and benchmarks:
 * RETRAM-like 64 KiB at 0x0, 384 KiB SRAM at 0x10000000 with an alias at 0x30000000 (the STM32MP15
 * M4 view, without its peripherals), and the {@link TestDevice}. Unclaimed addresses raise bus errors.
 */
public final class FirmwareRig implements AutoCloseable {
    public static final long RETRAM_BASE = 0x0000_0000L;
    public static final long SRAM_BASE = 0x1000_0000L;
    public static final long SRAM_ALIAS = 0x3000_0000L;
    public static final long CORE_HZ = 209_000_000L;
    public static final BusMaster MASTER = new BusMaster("m4", 2, false);

    private final Scheduler scheduler = new Scheduler();
    private final PhysicalMemory retram = new PhysicalMemory("RETRAM", 64 * 1024);
    private final PhysicalMemory sram = new PhysicalMemory("MCU SRAM", 384 * 1024);
    private final AddressSpace space = new AddressSpace("m4", MASTER);
    private final TestDevice testDevice = new TestDevice(scheduler);
    private final ClockDomain clock = new ClockDomain("m4", CORE_HZ);
    private final ArmV7mCore core;
    private FirmwareImage image;

    public FirmwareRig() {
        this(ArmV7mConfig.cortexM4("m4").withIrqCount(150));
    }

    public FirmwareRig(ArmV7mConfig config) {
        space.setUnmappedPolicy(UnmappedPolicy.BUS_ERROR);
        space.mapMemory(RETRAM_BASE, retram);
        space.mapMemory(SRAM_BASE, sram);
        space.mapMemory("MCU SRAM alias", SRAM_ALIAS, sram, 0, sram.size());
        space.mapMmio(TestDevice.BASE, TestDevice.SIZE, testDevice);
        core = new ArmV7mCore(scheduler, clock, space, config);
        testDevice.attach(core);
    }

    /** The image last booted. */
    public FirmwareImage firmwareImage() {
        return image;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public AddressSpace space() {
        return space;
    }

    public ArmV7mCore core() {
        return core;
    }

    public TestDevice testDevice() {
        return testDevice;
    }

    public PhysicalMemory sram() {
        return sram;
    }

    public PhysicalMemory retram() {
        return retram;
    }

    public ClockDomain clock() {
        return clock;
    }

    /** Loads {@code image} and resets the core into it. */
    public FirmwareRig boot(FirmwareImage image) {
        this.image = image;
        image.loadInto(space);
        testDevice.clear();
        core.resetAndRun();
        return this;
    }

    /** Runs until the firmware writes EXIT or the core locks up, for at most {@code limit} ps. */
    public boolean runUntilExit(long limit) {
        return scheduler.runUntil(() -> testDevice.exited() || core.state() == ArmV7mCore.State.LOCKED_UP,
                Math.addExact(scheduler.now(), limit));
    }

    /** The checkout's firmware/bin/&lt;name&gt;.elf, found by walking up to the folder holding mvnw. */
    public static FirmwareImage firmware(String name) {
        return FirmwareImage.read(firmwareDir().resolve("bin").resolve(name + ".elf"));
    }

    public static Path firmwareDir() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("firmware"))) {
                return d.resolve("firmware");
            }
        }
        throw new IllegalStateException("no firmware/ folder beside mvnw above " + p);
    }

    /** Reads all bytes of a file under firmware/. */
    public static byte[] firmwareBytes(String relative) throws IOException {
        return Files.readAllBytes(firmwareDir().resolve(relative));
    }

    @Override
    public void close() {
        core.close();
        scheduler.close();
        retram.close();
        sram.close();
    }
}
