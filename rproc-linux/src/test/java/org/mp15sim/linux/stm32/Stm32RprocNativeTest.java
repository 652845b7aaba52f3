package org.mp15sim.linux.stm32;

import static org.junit.jupiter.api.Assertions.*;
import static org.mp15sim.linux.board.TestFirmware.*;
import static org.mp15sim.linux.stm32.Bench.*;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.remoteproc.RemoteProc;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.linux.remoteproc.ResourceTable;

class Stm32RprocNativeTest {
    private final Bench b = new Bench();

    @AfterEach
    void close() { b.close(); }

    private RemoteProc booted() {
        b.installFirmware("rproc-m4-fw", firmware());
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(0, b.state(r, "start"));
        return r;
    }

    private int sramWord(long addr) { return b.bus.read32(addr); }

    @Test
    void probeReadsDtAndRegistersOfflineRemoteproc0() {
        Stm32Rproc d = b.probe(false, false);
        RemoteProc r = d.rproc();
        assertEquals("remoteproc0", r.dev().name());
        assertEquals("offline\n", b.read(sysfs(r, "state")));
        assertEquals("m4\n", b.read(sysfs(r, "name")));
        assertEquals("rproc-m4-fw\n", b.read(sysfs(r, "firmware")));
        assertEquals("enabled\n", b.read(sysfs(r, "recovery")));
        assertEquals("disabled\n", b.read(sysfs(r, "coredump")));
        assertTrue(b.dmesg().contains("remoteproc remoteproc0: m4 is available"));
        assertEquals("10000000.m4", d.device().name());
    }

    @Test
    void startLoadsSegmentsByPaddrInstallsTableAndReleasesHoldBoot() {
        b.poisonSram();
        RemoteProc r = booted();
        assertEquals(RprocState.RUNNING, r.state());
        assertEquals("running\n", b.read(sysfs(r, "state")));
        String log = b.dmesg();
        int p = log.indexOf("powering up m4"), bt = log.indexOf("Booting fw image rproc-m4-fw, size "), up = log.indexOf("remote processor m4 is now up");
        assertTrue(p >= 0 && bt > p && up > bt, log);
        // vector table at M4 0x0 = A7 0x38000000 (RETRAM alias), code at 0x10000000
        assertEquals(0x10040000, b.bus.read32(0x3800_0000L));
        assertEquals(0xA5A5A5A5, sramWord(0x1000_0000L));
        // the zero fill of memsz - filesz (trace buffer area)
        assertEquals(0, sramWord(TRACE_DA));
        // the live table is the copy in M4 memory (section address), with notify ids 0 and 1 and the vring das
        var live = r.tablePtr();
        assertEquals(0x1002_0000L, live.address() - b.sram.segment().address() + 0x1000_0000L);
        long vdev = 16 + 8 + 4;
        assertEquals(0, (int) ResourceTable.u32(live, ResourceTable.vringOffset(vdev, 0) + 12));
        assertEquals(1, (int) ResourceTable.u32(live, ResourceTable.vringOffset(vdev, 1) + 12));
        assertEquals(0, sramWord(RSC_DA + 16 + 8 + 4 + 24 + 12));
        assertEquals(1, sramWord(RSC_DA + 16 + 8 + 4 + 24 + 20 + 12));
        // PDDS cleared, BOOT_MCU released then held again at once
        assertEquals(List.of(1L, 0L), b.rcc.writesTo(RCC_MP_GCR));
        assertEquals(0, b.pwr.get(PWR_MCUCR));
        assertEquals(1, r.power());
    }

    @Test
    void vdevRegistersVirtioDeviceOnTheKernelBus() {
        RemoteProc r = booted();
        assertEquals(1, b.k.virtioBus().devices().size());
        var vdev = b.k.virtioBus().devices().get(0);
        assertEquals(7, vdev.id());
        assertTrue(b.dmesg().contains("rproc-virtio rproc-virtio.0.auto: registered virtio0 (type 7)"), b.dmesg());
        // features and status live in the M4 copy of the table
        assertEquals(1, vdev.getFeatures());
        vdev.finalizeFeatures(1);
        vdev.setStatus(0x0F);
        assertEquals(0x0F, b.bus.read8(RSC_DA + 28 + 20));
        assertEquals(1, sramWord(RSC_DA + 28 + 12));
        var ring0 = vdev.vring(0);
        assertEquals(0x1004_0000L, ring0.da());
        assertEquals(0x1004_0000L, Integer.toUnsignedLong(sramWord(RSC_DA + 28 + 24)));
        var buf = vdev.dmaAlloc(0x4000);
        assertEquals(0x1004_2000L, buf.dma());
        assertNull(vdev.dmaAlloc(1), "vdev0buffer holds 16 KiB");
        // kick goes to IPCC channel = notify id
        b.inProcess(() -> { vdev.notify(1); return null; });
        assertEquals(1, b.ipcc.count(1));
    }

    @Test
    void stopWithAckHoldsResetsAndRecordsOff() {
        RemoteProc r = booted();
        b.tamp.set(TAMP_BKP18R, 2);
        long t0 = b.s.now();
        assertEquals(0, b.state(r, "stop"));
        long took = b.s.now() - t0;
        assertEquals(RprocState.OFFLINE, r.state());
        assertEquals(1, b.ipcc.count(2));
        assertFalse(b.dmesg().contains("shutdown without ack"));
        assertTrue(took < SimTime.ms(1), "acked shutdown took " + SimTime.format(took));
        assertEquals(0, b.rcc.get(RCC_MP_GCR));
        assertEquals(List.of(2L), b.rcc.writesTo(RCC_MP_GRSTCSETR), "MCURST asserted");
        assertEquals(1, b.pwr.get(PWR_MCUCR));
        assertEquals(0, b.tamp.get(TAMP_BKP18R));
        assertTrue(b.dmesg().contains("remoteproc remoteproc0: stopped remote processor m4"));
        assertEquals(0, r.power());
        assertTrue(b.k.virtioBus().devices().isEmpty());
        assertNull(r.tablePtr());
    }

    @Test
    void stopWithoutAckWaits500msAndWarns() {
        RemoteProc r = booted();
        b.ipcc.ackShutdown = false;
        long t0 = b.s.now();
        assertEquals(0, b.state(r, "stop"));
        long took = b.s.now() - t0;
        assertTrue(took >= SimTime.ms(500) && took < SimTime.ms(501), SimTime.format(took));
        assertTrue(b.dmesg().contains("remoteproc remoteproc0: warning: remote FW shutdown without ack"));
        assertEquals(RprocState.OFFLINE, r.state());
    }

    @Test
    void sysfsRefusals() {
        RemoteProc r = b.probe(false, false).rproc();
        b.installFirmware("rproc-m4-fw", firmware());
        assertEquals(errno("EINVAL"), b.state(r, "stop"), "stop while offline");
        assertEquals(errno("EINVAL"), b.state(r, "detach"), "detach while not attached");
        assertEquals(errno("EINVAL"), b.state(r, "reboot"));
        assertTrue(b.dmesg().contains("Unrecognised option: reboot"));
        assertEquals(errno("EINVAL"), b.write(sysfs(r, "firmware"), "\n"));
        assertEquals(errno("EINVAL"), b.write(sysfs(r, "recovery"), "maybe"));
        assertEquals(errno("EINVAL"), b.write(sysfs(r, "coredump"), "full"));
        assertEquals(errno("EACCES"), b.write(sysfs(r, "name"), "x"));
        assertEquals(0, b.state(r, "start"));
        assertEquals(errno("EBUSY"), b.state(r, "start"), "start while running");
        assertEquals(1, r.power(), "a refused start takes no reference");
        assertEquals(errno("EBUSY"), b.write(sysfs(r, "firmware"), "other.elf\n"));
        assertTrue(b.dmesg().contains("can't change firmware while running"));
        assertEquals(errno("EINVAL"), b.state(r, "detach"), "detach while running");
        assertEquals(0, b.state(r, "stop"));
        assertEquals(0, b.write(sysfs(r, "firmware"), "other.elf\n"));
        assertEquals("other.elf\n", b.read(sysfs(r, "firmware")));
        assertEquals(0, b.write(sysfs(r, "coredump"), "inline\n"));
        assertEquals("inline\n", b.read(sysfs(r, "coredump")));
    }

    @Test
    void withoutSysfsStateChecksASecondStartOnlyTakesAReference() {
        RemoteProc r = booted();
        r.setSysfsStateChecks(false);
        assertEquals(0, b.state(r, "start"));
        assertEquals(2, r.power());
        assertEquals(0, b.state(r, "stop"));
        assertEquals(RprocState.RUNNING, r.state(), "power 2 → 1 does not stop");
        assertEquals(0, b.state(r, "stop"));
        assertEquals(RprocState.OFFLINE, r.state());
    }

    @Test
    void missingFirmwareFailsWithEnoentAndDropsPower() {
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(errno("ENOENT"), b.state(r, "start"));
        assertEquals(0, r.power());
        assertTrue(b.dmesg().contains("request_firmware failed: -2"));
        assertTrue(b.dmesg().contains("Boot failed: -2"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bad magic,0,0x00,Image is corrupted (bad magic)",
        "elf class 3,4,0x03,Unsupported class: 3",
        "big endian,5,0x02,Unsupported firmware endianness",
        "no segments,44,0x00,No loadable segments",
    })
    void sanityCheckRejectsBadImagesWithEinval(String what, int offset, int value, String message) {
        byte[] fw = firmware();
        fw[offset] = (byte) value;
        if (offset == 44) fw[45] = 0;
        b.installFirmware("rproc-m4-fw", fw);
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(errno("EINVAL"), b.state(r, "start"));
        assertTrue(b.dmesg().contains(message), b.dmesg());
        assertEquals(RprocState.OFFLINE, r.state());
        assertEquals(0, r.power());
        assertTrue(b.rcc.writesTo(RCC_MP_GCR).isEmpty(), "nothing was started");
    }

    @Test
    void segmentOutsideEveryCarveoutIsBadPhdrDa() {
        byte[] fw = firmware();
        // second program header (code at 0x10000000): move its p_paddr to 0x20000000
        ByteBuffer.wrap(fw).order(ByteOrder.LITTLE_ENDIAN).putInt(52 + 32 + 12, 0x2000_0000);
        b.installFirmware("rproc-m4-fw", fw);
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(errno("EINVAL"), b.state(r, "start"));
        assertTrue(b.dmesg().contains("bad phdr da 0x20000000 mem 0x200"), b.dmesg());
        assertTrue(b.dmesg().contains("Failed to load program segments: -22"));
        assertEquals(0, r.power());
        assertTrue(r.carveouts().isEmpty(), "resources cleaned up");
    }

    @Test
    void firmwareWithoutResourceTableBootsWithWarning() {
        byte[] fw = firmware();
        String s = new String(fw, java.nio.charset.StandardCharsets.ISO_8859_1);
        int i = s.indexOf(".resource_table");
        fw[i + 1] = 'X';
        b.installFirmware("rproc-m4-fw", fw);
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(0, b.state(r, "start"));
        assertTrue(b.dmesg().contains("no resource table found for this firmware"));
        assertTrue(b.k.virtioBus().devices().isEmpty());
    }

    @Test
    void devmemResourceFailsWithoutIommu() {
        byte[] t = resourceTable();
        ByteBuffer bb = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(4, 1);
        bb.putInt(16, 0x200);
        bb.putInt(0x200, 1); // RSC_DEVMEM, payload all zero
        b.installFirmware("rproc-m4-fw", firmware(t));
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(errno("EINVAL"), b.state(r, "start"));
        assertTrue(b.dmesg().contains("Failed to process resources: -22"));
    }

    @Test
    void vendorAndUnknownResourcesAreSkippedWithWarnings() {
        byte[] t = resourceTable();
        ByteBuffer bb = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(4, 2);
        bb.putInt(16, 0x200);
        bb.putInt(20, 0x210);
        bb.putInt(0x200, 200);
        bb.putInt(0x210, 9);
        b.installFirmware("rproc-m4-fw", firmware(t));
        RemoteProc r = b.probe(false, false).rproc();
        assertEquals(0, b.state(r, "start"));
        assertTrue(b.dmesg().contains("unsupported vendor resource 200"));
        assertTrue(b.dmesg().contains("unsupported resource 9"));
    }

    @Test
    void traceIsReadLiveFromTheCarveout() {
        RemoteProc r = booted();
        String path = "/sys/kernel/debug/remoteproc/remoteproc0/trace0";
        assertEquals("", b.read(path));
        b.bus.writeBytes(TRACE_DA, "[M4] hello\n\0".getBytes(), 0, 12);
        assertEquals("[M4] hello\n", b.read(path));
        String rt = b.read("/sys/kernel/debug/remoteproc/remoteproc0/resource_table");
        assertTrue(rt.contains("Entry 0 is of type vdev") && rt.contains("Entry 1 is of type trace") && rt.contains("Name cm4_log"), rt);
        assertEquals(0, b.state(r, "stop"));
        assertFalse(b.k.vfs().exists(path));
    }

    @Test
    void watchdogCrashIsRecovered() {
        RemoteProc r = booted();
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        String log = b.dmesg();
        assertTrue(log.contains("stm32-rproc 10000000.m4: Watchdog expired"), log);
        assertTrue(log.contains("remoteproc remoteproc0: crash detected in m4: type watchdog"));
        assertTrue(log.contains("handling crash #1 in m4"));
        assertTrue(log.contains("recovering m4"));
        assertEquals(RprocState.RUNNING, r.state());
        assertEquals(1, r.crashCount());
        assertEquals(1, r.power());
        assertEquals(0, b.ipcc.count(2), "no shutdown request to a crashed M4");
        assertEquals(List.of(1L, 0L, 0L, 1L, 0L), b.rcc.writesTo(RCC_MP_GCR), "start, stop(hold), start again");
        assertEquals(2, log.split("remote processor m4 is now up", -1).length - 1);
    }

    @Test
    void recoveryDisabledStaysCrashedUntilRecover() {
        RemoteProc r = booted();
        assertEquals(0, b.write(sysfs(r, "recovery"), "disabled\n"));
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(10));
        assertEquals("crashed\n", b.read(sysfs(r, "state")));
        assertEquals(errno("EINVAL"), b.state(r, "stop"), "a crashed rproc cannot be stopped");
        assertEquals(errno("EBUSY"), b.write(sysfs(r, "coredump"), "enabled"));
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(10));
        assertEquals(1, r.crashCount(), "only the first crash is handled");
        assertEquals(0, b.write(sysfs(r, "recovery"), "recover"));
        assertEquals(RprocState.RUNNING, r.state());
        assertEquals("disabled\n", b.read(sysfs(r, "recovery")));
    }

    @Test
    void failedRecoveryLeavesOfflineWithPowerHeld() {
        RemoteProc r = booted();
        b.k.firmware().remove("rproc-m4-fw");
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        assertEquals(RprocState.OFFLINE, r.state());
        assertEquals(1, r.power());
        assertEquals(errno("EINVAL"), b.state(r, "stop"));
        b.installFirmware("rproc-m4-fw", firmware());
        assertEquals(0, b.state(r, "start"), "start only takes a reference");
        assertEquals(2, r.power());
        assertEquals(RprocState.OFFLINE, r.state());
    }

    @Test
    void coredumpEnabledProducesElfCoreOfTheCarveouts() {
        RemoteProc r = booted();
        assertEquals(0, b.write(sysfs(r, "coredump"), "enabled"));
        b.bus.write32(0x1000_0100L, 0xCAFEF00D);
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        assertEquals(1, r.coredumps().size());
        var dump = r.coredumps().get(0);
        assertEquals("/sys/class/devcoredump/devcd1", dump.path(), "devcd_count starts at 0 and is pre-incremented");
        byte[] core = b.read(dump.path() + "/data").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        core = dump.bytes();
        ByteBuffer h = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, h.getInt(0));
        assertEquals(4, h.getShort(16), "ET_CORE");
        assertEquals(0, h.getShort(18), "EM_NONE");
        int phnum = h.getShort(44);
        assertEquals(6, phnum, "5 memory regions + the trace buffer");
        // find the mcuram2 segment (da 0x10000000) and check the word we wrote
        for (int i = 0; i < phnum; i++) {
            int ph = 52 + 32 * i;
            if (h.getInt(ph + 8) == 0x1000_0000) {
                int off = h.getInt(ph + 4);
                assertEquals(0xCAFEF00D, h.getInt(off + 0x100));
                return;
            }
        }
        fail("no segment for da 0x10000000");
    }

    @Test
    void aSecondCrashWhileTheFirstDumpIsUnreadProducesNoNewDump() {
        RemoteProc r = booted();
        assertEquals(0, b.write(sysfs(r, "coredump"), "enabled"));
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        assertEquals(2, r.crashCount());
        assertEquals(1, r.coredumps().size(), "devcoredump keeps one dump per device until it is read or times out");
        assertEquals(0, b.write(r.coredumps().get(0).path() + "/data", "0"));
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        assertEquals(2, r.coredumps().size());
    }

    @Test
    void inlineCoredumpBlocksRecoveryUntilRead() {
        RemoteProc r = booted();
        assertEquals(0, b.write(sysfs(r, "coredump"), "inline"));
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(100));
        assertEquals(RprocState.OFFLINE, r.state(), "recovery waits for the dump to be read");
        var dump = r.coredumps().get(0);
        assertEquals(0, b.write(dump.path() + "/data", "1"));
        b.s.runFor(SimTime.ms(100));
        assertEquals(RprocState.RUNNING, r.state());
    }

    @Test
    void vqWorkIsDroppedUnlessRunning() {
        RemoteProc r = booted();
        var vdev = b.k.virtioBus().devices().get(0);
        int[] calls = {0};
        vdev.setVringCallback(0, () -> calls[0]++);
        b.ipcc.remoteKick(0);
        b.s.runFor(SimTime.ms(1));
        assertEquals(1, calls[0]);
        b.write(sysfs(r, "recovery"), "disabled");
        b.wdg.pulse();
        b.s.runFor(SimTime.ms(1));
        assertEquals(RprocState.CRASHED, r.state());
        b.ipcc.remoteKick(0);
        b.s.runFor(SimTime.ms(1));
        assertEquals(1, calls[0], "dropped while crashed");
    }

    @Test
    void autoBootStartsAfterProbe() {
        b.installFirmware("rproc-m4-fw", firmware());
        RemoteProc r = b.probe(false, true).rproc();
        b.s.runFor(SimTime.ms(200));
        assertEquals(RprocState.RUNNING, r.state());
    }

    @Test
    void removeShutsDownAndDeletes() {
        RemoteProc r = booted();
        Stm32Rproc d = b.probe(false, false);
        assertEquals("remoteproc1", d.rproc().dev().name());
        b.inProcess(() -> { d.remove(); return null; });
        assertEquals(RprocState.DELETED, d.rproc().state());
        assertFalse(b.k.vfs().exists(sysfs(d.rproc(), "state")));
        assertEquals(errno("ENODEV"), b.inProcess(() -> d.rproc().boot()));
        assertEquals(RprocState.RUNNING, r.state());
    }

    @Test
    void bssIsZeroedEvenOverOldContent() {
        b.poisonSram();
        booted();
        byte[] area = b.sram.segment().asSlice(0x20000 + 0x400, 0x1500).toArray(ValueLayout.JAVA_BYTE);
        for (byte x : area) assertEquals(0, x);
    }
}
