package org.mp15sim.linux.remoteproc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.elf.Elf32Builder;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.board.TestBoard;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Firmware;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;

/** The remoteproc core on its own, with a minimal platform driver double (the NULL-op rules of rproc_ops). */
class RemoteProcCoreTest {
    static final long RAM = 0x2000_0000L;

    private final Scheduler s = new Scheduler();
    private final PhysicalMemory ram = new PhysicalMemory("ram", 0x10000);
    private final AddressSpace bus = new AddressSpace("a7", new BusMaster("a7", 0, false));
    private final Kernel k;

    RemoteProcCoreTest() {
        bus.mapMemory(RAM, ram);
        k = new Kernel(s, KernelConfig.defaults(), bus);
    }

    @AfterEach
    void close() {
        s.close();
        ram.close();
    }

    /** A driver whose ops table holds exactly {@code ops}; prepare registers one carveout over the RAM (da = pa). */
    final class Driver implements RprocOps {
        final Set<Op> ops;
        final List<String> calls = new ArrayList<>();
        int stopResult;

        Driver(Set<Op> ops) { this.ops = ops; }

        @Override public Set<Op> provided() { return ops; }

        @Override public int prepare(RemoteProc r) {
            calls.add("prepare");
            r.addCarveout(new RprocMemEntry(null, RAM, ram.size(), RAM, (rp, m) -> {
                m.va = bus.slice(m.dma, m.len, true);
                return 0;
            }, (rp, m) -> 0, "ram"));
            r.coredumpAddSegment(RAM, 0x100);
            return 0;
        }

        @Override public int start(RemoteProc r) { calls.add("start"); return 0; }
        @Override public int stop(RemoteProc r) { calls.add("stop"); return stopResult; }
        @Override public int attach(RemoteProc r) { calls.add("attach"); return 0; }
        @Override public int detach(RemoteProc r) { calls.add("detach"); return 0; }
        @Override public LoadedTable getLoadedRscTable(RemoteProc r) { calls.add("get_loaded_rsc_table"); return null; }
        @Override public void kick(RemoteProc r, int vqid) { calls.add("kick " + vqid); }
        @Override public void releaseFw(RemoteProc r) { calls.add("release_fw"); }
    }

    static byte[] elf() { return elf(true); }

    /** 0x40 bytes of 0x11 at RAM (memsz 0x80); with an empty resource table (ver 1, num 0) in a section. */
    static byte[] elf(boolean table) {
        byte[] code = new byte[0x40];
        java.util.Arrays.fill(code, (byte) 0x11);
        Elf32Builder e = new Elf32Builder().entry(RAM + 1);
        e.load(RAM, code, 0x80);
        if (table) e.section(".resource_table", 1, RAM + 0x100, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        return e.build().bytes();
    }

    @Test
    void defaultParseFwRequiresAResourceTable() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP, RprocOps.Op.RELEASE_FW));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf(false));
        assertEquals(-Errno.EINVAL, run(r::boot), "rproc_elf_load_rsc_table fails without .resource_table");
        assertEquals(List.of("prepare", "release_fw"), d.calls, "unprepare (NULL) then v22 release_fw from rproc_boot");
        assertEquals(0, r.power());
    }

    private <T> T run(Supplier<T> body) { return TestBoard.inProcess(s, body); }

    private RemoteProc added(Driver d) {
        RemoteProc r = RemoteProc.alloc(new Device(k, "test-rproc", "rp"), "rp", d, null);
        r.setAutoBoot(false);
        assertEquals(0, run(r::add));
        return r;
    }

    private int write(RemoteProc r, String path, String text) {
        return run(() -> {
            try {
                k.vfs().writeText(path, text);
                return 0;
            } catch (ErrnoException e) {
                return -e.errno();
            }
        });
    }

    @Test
    void allocInstallsElfDefaultsWhenLoadIsNullAndNamesTheDefaultFirmware() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = RemoteProc.alloc(new Device(k, "test-rproc", "rp"), "rp", d, null);
        assertEquals("rproc-rp-fw", r.firmware());
        assertTrue(r.ops().has(RprocOps.Op.SANITY_CHECK) && r.ops().has(RprocOps.Op.LOAD) && r.ops().has(RprocOps.Op.COREDUMP));
        assertTrue(r.autoBoot(), "rproc_alloc sets auto_boot");
        assertEquals(RprocState.OFFLINE, r.state());
    }

    @Test
    void addWithoutStartOpIsEinval() {
        RemoteProc r = RemoteProc.alloc(new Device(k, "test-rproc", "rp"), "rp", new Driver(EnumSet.of(RprocOps.Op.STOP)), null);
        assertEquals(-Errno.EINVAL, run(r::add));
    }

    @Test
    void detachedAddWithoutAttachOpIsEinval() {
        RemoteProc r = RemoteProc.alloc(new Device(k, "test-rproc", "rp"), "rp", new Driver(EnumSet.of(RprocOps.Op.START)), null);
        r.setInitialState(RprocState.DETACHED);
        assertEquals(-Errno.EINVAL, run(r::add));
    }

    @Test
    void bootRunsPrepareStartInOrderAndShutdownWithoutStopOpIsEinval() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(0, run(r::boot));
        assertEquals(List.of("prepare", "start"), d.calls);
        assertEquals(0x11, bus.read8(RAM), "ELF default loader placed the segment");
        assertEquals(0, bus.read8(RAM + 0x40), "and zeroed memsz - filesz");
        assertEquals(-Errno.EINVAL, run(r::shutdown), "rproc_stop without ops->stop");
        assertEquals(1, r.power(), "the failed shutdown restored the reference");
        assertEquals(RprocState.RUNNING, r.state());
    }

    @Test
    void powerRefcountOnlyActsOnFirstAndLastReference() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(0, run(r::boot));
        assertEquals(0, run(r::boot));
        assertEquals(2, r.power());
        assertEquals(List.of("prepare", "start"), d.calls);
        assertEquals(0, run(r::del), "rproc_del shuts down exactly once");
        assertEquals(RprocState.DELETED, r.state());
        assertEquals(1, r.power(), "with power 2 the processor was not stopped");
        assertFalse(d.calls.contains("stop"));
        assertEquals(-Errno.ENODEV, run(r::boot));
    }

    @Test
    void failedStopKeepsRunningAndTheReference() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(0, run(r::boot));
        d.stopResult = -Errno.EIO;
        assertEquals(-Errno.EIO, run(r::shutdown));
        assertEquals(RprocState.RUNNING, r.state());
        assertEquals(1, r.power());
        assertTrue(k.dmesg().text().contains("can't stop rproc: -5"));
    }

    @Test
    void crashWhileOfflineIsIgnoredAndDebugfsCanInjectOne() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        r.reportCrash(RprocCrashType.FATAL_ERROR);
        s.runFor(SimTime.ms(1));
        assertEquals(RprocState.OFFLINE, r.state());
        assertEquals(0, r.crashCount());
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(0, run(r::boot));
        r.setRecoveryDisabled(true);
        assertEquals(0, write(r, "/sys/kernel/debug/remoteproc/remoteproc0/crash", "fatal\n"));
        s.runFor(SimTime.ms(1));
        assertEquals(RprocState.CRASHED, r.state());
        assertTrue(k.dmesg().text().contains("crash detected in rp: type fatal error"));
        assertEquals(-Errno.EINVAL, write(r, "/sys/kernel/debug/remoteproc/remoteproc0/crash", "oops"));
    }

    @Test
    void coredumpWithoutElfClassLogsAndDumpsNothing() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf());
        r.setDumpConf(RprocDumpMechanism.ENABLED);
        assertEquals(0, run(r::boot));
        r.reportCrash(RprocCrashType.WATCHDOG);
        s.runFor(SimTime.ms(10));
        assertTrue(k.dmesg().text().contains("ELF class is not set"));
        assertTrue(r.coredumps().isEmpty());
        assertEquals(RprocState.RUNNING, r.state(), "recovery went on");
        assertEquals(List.of("prepare", "start", "stop", "start"), d.calls.subList(0, 4));
    }

    @Test
    void coredumpOfUnmappedSegmentIsFilledWithFf() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        r.coredumpSetElfInfo(RemoteProc.ELFCLASS32, 40);
        k.firmware().install("rproc-rp-fw", elf());
        r.setDumpConf(RprocDumpMechanism.ENABLED);
        assertEquals(0, run(r::boot));
        r.coredumpAddSegment(0x7000_0000L, 8);
        r.reportCrash(RprocCrashType.WATCHDOG);
        s.runFor(SimTime.ms(10));
        byte[] core = r.coredumps().get(0).bytes();
        ByteBuffer h = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(40, h.getShort(18), "e_machine from rproc_coredump_set_elf_info");
        assertEquals(RAM + 1, Integer.toUnsignedLong(h.getInt(24)), "e_entry = bootaddr");
        assertEquals(2, h.getShort(44));
        assertEquals((byte) 0xff, core[core.length - 1]);
        assertEquals(0x11, core[52 + 2 * 32], "first segment holds the RAM bytes");
        assertTrue(k.dmesg().text().contains("Failed to copy segment, da 0x70000000, size 8"));
    }

    @Test
    void cdevNeedsTheExactWordWithoutNewline() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(-Errno.EINVAL, write(r, "/dev/remoteproc0", "start\n"), "strncmp over the written length sees the newline");
        assertTrue(k.dmesg().text().contains("Unrecognized option"));
        assertEquals(0, write(r, "/dev/remoteproc0", "start"));
        assertEquals(RprocState.RUNNING, r.state());
        assertEquals(-Errno.EBUSY, write(r, "/dev/remoteproc0", "start"));
        assertEquals(-Errno.EINVAL, write(r, "/dev/remoteproc0", "detach"));
        assertEquals(-Errno.EINVAL, write(r, "/dev/remoteproc0", "stop-it-now"), "longer than the 10-byte buffer");
        assertEquals(0, write(r, "/dev/remoteproc0", "stop"));
        assertEquals(RprocState.OFFLINE, r.state());
        assertEquals(-Errno.EINVAL, write(r, "/dev/remoteproc0", "stop"));
        assertEquals(0, run(r::del));
        assertFalse(k.vfs().exists("/dev/remoteproc0"));
    }

    @Test
    void attachOnRecoveryDetachesAndAttachesAgainWithoutReloading() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP, RprocOps.Op.ATTACH,
                RprocOps.Op.DETACH, RprocOps.Op.GET_LOADED_RSC_TABLE));
        RemoteProc r = RemoteProc.alloc(new Device(k, "test-rproc", "rp"), "rp", d, null);
        r.setInitialState(RprocState.DETACHED);
        r.setFeature(RemoteProc.FEAT_ATTACH_ON_RECOVERY);
        assertEquals(0, run(r::add), "auto_boot in DETACHED attaches synchronously inside rproc_add");
        assertEquals(RprocState.ATTACHED, r.state());
        assertEquals(List.of("prepare", "get_loaded_rsc_table", "attach"), d.calls);
        d.calls.clear();
        r.reportCrash(RprocCrashType.MMUFAULT);
        s.runFor(SimTime.ms(1));
        assertEquals(RprocState.ATTACHED, r.state());
        assertEquals(List.of("detach", "attach"), d.calls, "__rproc_detach then __rproc_attach, no firmware load");
        assertTrue(k.dmesg().text().contains("crash detected in rp: type mmufault"));
    }

    @Test
    void sysfsReadOnlyRefusesWritesWithEperm() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        r.setSysfsReadOnly(true);
        assertEquals(-Errno.EPERM, write(r, "/sys/class/remoteproc/remoteproc0/state", "start"));
        assertEquals(-Errno.EPERM, write(r, "/sys/class/remoteproc/remoteproc0/firmware", "x"));
    }

    @Test
    void paToVaNeedsAnAllocatedCarveoutCoveringTheWholeRange() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        assertNull(r.paToVa(RAM, 4), "not allocated before boot");
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(0, run(r::boot));
        assertNotNull(r.paToVa(RAM + 0xFFFC, 4));
        assertNull(r.paToVa(RAM + 0xFFFC, 8), "runs past the carveout");
        assertNull(r.paToVa(RAM - 4, 4));
        assertNotNull(r.daToVa(RAM, 0x10000));
        assertNull(r.daToVa(RAM, 0x10001));
    }

    @Test
    void stateChangesAreVisibleInSysfsAndDmesg() {
        Driver d = new Driver(EnumSet.of(RprocOps.Op.PREPARE, RprocOps.Op.START, RprocOps.Op.STOP));
        RemoteProc r = added(d);
        k.firmware().install("rproc-rp-fw", elf());
        assertEquals(0, write(r, "/sys/class/remoteproc/remoteproc0/state", "start\n"));
        assertEquals(0, write(r, "/sys/class/remoteproc/remoteproc0/state", "stop\n"));
        String log = k.dmesg().text();
        assertTrue(log.contains("remoteproc remoteproc0: powering up rp"));
        assertTrue(log.contains("remoteproc remoteproc0: Booting fw image rproc-rp-fw, size "));
        assertTrue(log.contains("remoteproc remoteproc0: stopped remote processor rp"));
        assertEquals(List.of("prepare", "start", "stop"), d.calls);
    }
}
