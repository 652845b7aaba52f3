package org.mp15sim.core.unicorn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnicornBindingTest {
    static final long CODE = 0x1000_0000L;
    static final long DATA = 0x2000_0000L;

    /** Little-endian Thumb halfwords. */
    static byte[] thumb(int... halfwords) {
        byte[] b = new byte[halfwords.length * 2];
        for (int i = 0; i < halfwords.length; i++) {
            b[2 * i] = (byte) halfwords[i];
            b[2 * i + 1] = (byte) (halfwords[i] >>> 8);
        }
        return b;
    }

    static Unicorn m4() {
        return Unicorn.openCortexM(UcConst.UC_CPU_ARM_CORTEX_M4);
    }

    @Test
    void bundledLibraryIsUnicorn2() {
        UnicornLibrary lib = UnicornLibrary.get();
        assertTrue(lib.version().startsWith("2."), lib.version());
        assertEquals(2, lib.versionWord() >>> 24);
        assertTrue(lib.path().toString().endsWith("libunicorn.so"));
    }

    @Test
    void ctlEncodingMatchesUnicornHeader() {
        assertEquals(0x4400_0007, UcConst.ucCtlWrite(UcConst.UC_CTL_CPU_MODEL, 1));
        assertEquals(0x8400_0007, UcConst.ucCtlRead(UcConst.UC_CTL_CPU_MODEL, 1));
        assertEquals(0x4000_000A, UcConst.ucCtlWrite(UcConst.UC_CTL_TB_FLUSH, 0));
    }

    @Test
    void cpuModelWrittenByCtlReadsBack() {
        try (Unicorn uc = m4()) {
            assertEquals(UcConst.UC_CPU_ARM_CORTEX_M4, uc.cpuModel());
            assertEquals(UcConst.UC_MODE_THUMB, uc.mode() & UcConst.UC_MODE_THUMB);
        }
    }

    @Test
    void strerrorAndErrorNamesAgree() {
        UnicornLibrary lib = UnicornLibrary.get();
        assertTrue(lib.strerror(UcConst.UC_ERR_READ_UNMAPPED).toLowerCase().contains("read"));
        assertTrue(lib.strerror(UcConst.UC_ERR_FETCH_UNMAPPED).toLowerCase().contains("fetch"));
        assertTrue(lib.strerror(UcConst.UC_ERR_EXCEPTION).toLowerCase().contains("exception"));
        assertEquals("UC_ERR_MAP", UcConst.errName(UcConst.UC_ERR_MAP));
    }

    @Test
    void mappingTwiceAtSameAddressFailsWithUcErrMap() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            UnicornException e = assertThrows(UnicornException.class,
                    () -> uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL));
            assertEquals(UcConst.UC_ERR_MAP, e.error());
            assertEquals("UC_ERR_MAP", e.errorName());
            assertTrue(e.getMessage().contains("0x10000000"), e.getMessage());
        }
    }

    @Test
    void mappingsMustBeAlignedToThePageSize() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            long page = uc.pageSize();
            assertEquals(1024, page, "QEMU's ARM target uses 1 KiB pages");
            UnicornException e = assertThrows(UnicornException.class,
                    () -> uc.memMap(DATA + page / 2, page, UcConst.UC_PROT_ALL));
            assertEquals(UcConst.UC_ERR_ARG, e.error());
        }
    }

    @Test
    void registerIdsAddressTheRegistersTheirNamesSay() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            // adds r1, r0, #0 ; adds r2, r1, #1 ; mov r12, r2 (0x4694) ; mov lr, r0 (0x4686)
            uc.memWrite(CODE, thumb(0x1C01, 0x1C4A, 0x4694, 0x4686));
            uc.regWrite(ArmReg.R0, 41);
            uc.emuStart(CODE | 1, CODE + 8, 0, 0);
            assertEquals(41, uc.regRead(ArmReg.r(1)));
            assertEquals(42, uc.regRead(ArmReg.r(2)));
            assertEquals(42, uc.regRead(ArmReg.R12));
            assertEquals(41, uc.regRead(ArmReg.LR));
            assertEquals(CODE + 8, uc.regRead(ArmReg.PC) & 0xffffffffL);
            uc.regWrite(ArmReg.SP, 0x2000_1000);
            assertEquals(0x2000_1000, uc.regRead(ArmReg.MSP), "thread mode with SPSEL=0 runs on MSP");
            uc.regWrite(ArmReg.PSP, 0x2000_0800);
            assertEquals(0x2000_0800, uc.regRead(ArmReg.PSP));
            assertEquals(0x2000_1000, uc.regRead(ArmReg.SP));
            uc.regWrite(ArmReg.BASEPRI, 0x40);
            assertEquals(0x40, uc.regRead(ArmReg.BASEPRI));
            uc.regWrite(ArmReg.PRIMASK, 1);
            assertEquals(1, uc.regRead(ArmReg.PRIMASK));
            uc.regWrite(ArmReg.FAULTMASK, 1);
            assertEquals(1, uc.regRead(ArmReg.FAULTMASK));
            uc.regWrite(ArmReg.IPSR, 15);
            assertEquals(15, uc.regRead(ArmReg.IPSR));
            assertEquals(15, uc.regRead(ArmReg.XPSR) & 0x1ff);
            uc.regWrite(ArmReg.s(3), Float.floatToRawIntBits(1.5f));
            assertEquals(1.5f, Float.intBitsToFloat(uc.regRead(ArmReg.S0 + 3)));
            assertEquals(1.5f, Float.intBitsToFloat((int) (uc.regReadLong(ArmReg.D0 + 1) >>> 32)));
        }
    }

    @Test
    void controlSpselSwitchesTheActiveStackInThreadMode() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.regWrite(ArmReg.MSP, 0x2000_1000);
            uc.regWrite(ArmReg.PSP, 0x2000_0800);
            uc.regWrite(ArmReg.CONTROL, 2);
            assertEquals(2, uc.regRead(ArmReg.CONTROL) & 2);
            assertEquals(0x2000_0800, uc.regRead(ArmReg.SP));
            uc.regWrite(ArmReg.CONTROL, 0);
            assertEquals(0x2000_1000, uc.regRead(ArmReg.SP));
        }
    }

    @Test
    void batchReadsAndWritesInOneCall() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            RegisterBatch b = uc.batch(ArmReg.R0, ArmReg.r(1), ArmReg.r(7), ArmReg.LR);
            b.set(0, 1).set(1, 2).set(2, 0xdeadbeef).set(3, -7).write();
            assertEquals(0xdeadbeef, uc.regRead(ArmReg.r(7)));
            uc.regWrite(ArmReg.r(1), 99);
            b.read();
            assertEquals(1, b.get(0));
            assertEquals(99, b.get(1));
            assertEquals(0xdeadbeef, b.get(2));
            assertEquals(-7, b.get(3));
        }
    }

    @Test
    void memMapPtrSharesBytesWithJavaAndAliases() {
        try (Arena arena = Arena.ofConfined(); Unicorn uc = m4()) {
            MemorySegment ram = arena.allocate(0x1000, 4096);
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memMapPtr(DATA, ram, UcConst.UC_PROT_ALL);
            uc.memMapPtr(DATA + 0x1000_0000L, ram, UcConst.UC_PROT_ALL);
            // ldr r2, [r0] ; adds r2, #1 ; str r2, [r1]
            uc.memWrite(CODE, thumb(0x6802, 0x3201, 0x600A));
            ram.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 41);
            uc.regWrite(ArmReg.R0, (int) DATA);
            uc.regWrite(ArmReg.r(1), (int) (DATA + 0x1000_0004L));
            uc.emuStart(CODE | 1, CODE + 6, 0, 0);
            assertEquals(42, ram.get(ValueLayout.JAVA_INT_UNALIGNED, 4), "guest store through the alias");
            assertEquals(42, uc.memReadInt(DATA + 4));
        }
    }

    @Test
    void mmioCallbacksSeeOffsetSizeAndValue() {
        List<String> log = new ArrayList<>();
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.mmioMap(0x4000_0000L, 0x1000, new MmioHandler() {
                @Override
                public long read(long offset, int size) {
                    log.add("r " + Long.toHexString(offset) + "/" + size);
                    return 0x1234;
                }

                @Override
                public void write(long offset, int size, long value) {
                    log.add("w " + Long.toHexString(offset) + "/" + size + "=" + Long.toHexString(value));
                }
            });
            // ldr r2, [r0, #8] ; strb r2, [r0, #3]
            uc.memWrite(CODE, thumb(0x6882, 0x70C2));
            uc.regWrite(ArmReg.R0, 0x4000_0000);
            uc.emuStart(CODE | 1, CODE + 4, 0, 0);
            assertEquals(List.of("r 8/4", "w 3/1=34"), log);
        }
    }

    @Test
    void unmappedReadStopsWithAddressAndErrorName() {
        long[] seen = new long[2];
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.hookInvalidMemory((type, address, size, value) -> {
                seen[0] = type;
                seen[1] = address;
                return false;
            });
            uc.memWrite(CODE, thumb(0x6802)); // ldr r2, [r0]
            uc.regWrite(ArmReg.R0, 0x7000_0010);
            UnicornException e = assertThrows(UnicornException.class, () -> uc.emuStart(CODE | 1, CODE + 2, 0, 0));
            assertEquals(UcConst.UC_ERR_READ_UNMAPPED, e.error());
            assertEquals(UcConst.UC_MEM_READ_UNMAPPED, seen[0]);
            assertEquals(0x7000_0010L, seen[1]);
            assertEquals(CODE, e.pc());
        }
    }

    @Test
    void svcArrivesAsInterruptTwoWithPcAfterTheInstruction() {
        List<Integer> intr = new ArrayList<>();
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, thumb(0xDF05, 0x2007)); // svc #5 ; movs r0, #7
            uc.hookInterrupt(n -> {
                intr.add(n);
                uc.emuStop();
            });
            uc.emuStart(CODE | 1, CODE + 4, 0, 0);
            assertEquals(List.of(UcConst.EXCP_SWI), intr);
            assertEquals(CODE + 2, uc.regRead(ArmReg.PC) & 0xffffffffL);
        }
    }

    @Test
    void wfiReturnsFromEmuStartAfterTheInstruction() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, thumb(0xBF00, 0xBF30, 0x2007, 0xE7FE)); // nop ; wfi ; movs r0,#7 ; b .
            uc.emuStart(CODE | 1, 0xFFFF_FFFEL, 0, 0);
            assertEquals(CODE + 4, uc.regRead(ArmReg.PC) & 0xffffffffL);
            assertEquals(0, uc.regRead(ArmReg.R0));
        }
    }

    @Test
    void undefinedInstructionStopsWithInsnInvalid() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, thumb(0xBF00, 0xDE00)); // nop ; udf #0
            int err = uc.emuStartRaw(CODE | 1, CODE + 4, 0, 0);
            assertEquals(UcConst.UC_ERR_INSN_INVALID, err);
            assertEquals(CODE + 2, uc.regRead(ArmReg.PC) & 0xffffffffL);
        }
    }

    @Test
    void blockHookSeesEachBlockAndStopsBeforeItRuns() {
        List<Long> blocks = new ArrayList<>();
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            // 0: adds r0,#1 ; 2: cmp r0,#3 ; 4: bne 0 ; 6: movs r1,#9 ; 8: b .
            uc.memWrite(CODE, thumb(0x3001, 0x2803, 0xD1FC, 0x2109, 0xE7FE));
            uc.hookBlock((address, size) -> {
                blocks.add(address);
                if (address == CODE + 6) {
                    uc.emuStop();
                }
            }, 1, 0);
            uc.emuStart(CODE | 1, 0xFFFF_FFFEL, 0, 0);
            assertEquals(List.of(CODE, CODE, CODE, CODE + 6), blocks);
            assertEquals(CODE + 6, uc.regRead(ArmReg.PC) & 0xffffffffL);
            assertEquals(0, uc.regRead(ArmReg.r(1)), "the stopped block did not run");
            assertEquals(3, uc.regRead(ArmReg.R0));
        }
    }

    @Test
    void exceptionInCallbackIsRethrownFromEmuStart() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, thumb(0x3001, 0xE7FD)); // adds r0,#1 ; b 0
            uc.hookBlock((address, size) -> {
                throw new IllegalArgumentException("boom at " + Long.toHexString(address));
            }, 1, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> uc.emuStart(CODE | 1, 0xFFFF_FFFEL, 0, 0));
            assertEquals("boom at 10000000", e.getMessage());
        }
    }

    @Test
    void deletedHookNoLongerFires() {
        int[] calls = new int[1];
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, thumb(0xDF01, 0xDF02, 0xBF30)); // svc 1 ; svc 2 ; wfi
            Hook h = uc.hookInterrupt(n -> calls[0]++);
            uc.emuStart(CODE | 1, 0xFFFF_FFFEL, 0, 0);
            assertEquals(2, calls[0]);
            h.delete();
            uc.hookInterrupt(n -> { });
            uc.emuStart(CODE | 1, 0xFFFF_FFFEL, 0, 0);
            assertEquals(2, calls[0]);
        }
    }

    @Test
    void contextRestoresRegisters() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.regWrite(ArmReg.r(4), 1111);
            UnicornContext ctx = uc.contextAlloc();
            uc.contextSave(ctx);
            uc.regWrite(ArmReg.r(4), 2222);
            uc.contextRestore(ctx);
            assertEquals(1111, uc.regRead(ArmReg.r(4)));
            ctx.close();
        }
    }

    @Test
    void closedEngineRefusesCalls() {
        Unicorn uc = m4();
        uc.close();
        uc.close();
        assertThrows(IllegalStateException.class, () -> uc.regRead(ArmReg.R0));
    }

    @Test
    void memReadRoundTrip() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE + 16, new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, uc.memRead(CODE + 16, 3));
        }
    }

    @Test
    void branchToExcReturnInHandlerModeArrivesAsExceptionExit() {
        List<Integer> intr = new ArrayList<>();
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, thumb(0x2005, 0x4770)); // movs r0, #5 ; bx lr
            uc.hookInterrupt(n -> {
                intr.add(n);
                uc.emuStop();
            });
            uc.regWrite(ArmReg.IPSR, 15);
            uc.regWrite(ArmReg.LR, 0xFFFF_FFF9);
            int err = uc.emuStartRaw(CODE | 1, 0xFFFF_FFFEL, 0, 0);
            assertEquals(UcConst.UC_ERR_OK, err);
            // 2.0.1 does not rebuild its cached TB flags when IPSR is written from the host, so the
            // branch is translated as a thread-mode branch and faults fetching 0xFFFFFFF8
            // (EXCP_PREFETCH_ABORT); a library that rebuilds them reports EXCP_EXCEPTION_EXIT.
            // Either way emulation stops with the magic PC, which is what the core model keys on.
            assertEquals(1, intr.size());
            assertTrue(intr.get(0) == UcConst.EXCP_EXCEPTION_EXIT || intr.get(0) == UcConst.EXCP_PREFETCH_ABORT,
                    "intno " + intr);
            assertEquals(0xFFFF_FFF8L, uc.regRead(ArmReg.PC) & 0xffffffffL);
            assertEquals(5, uc.regRead(ArmReg.R0));
        }
    }

    @Test
    void singlePrecisionFpRunsOnTheM4Model() {
        try (Unicorn uc = m4()) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            // vmov s0, r0 ; vmov s1, r1 ; vadd.f32 s2, s0, s1 ; vmov r2, s2
            uc.memWrite(CODE, thumb(0xEE00, 0x0A10, 0xEE00, 0x1A90, 0xEE30, 0x1A20, 0xEE11, 0x2A10));
            uc.regWrite(ArmReg.R0, Float.floatToRawIntBits(1.25f));
            uc.regWrite(ArmReg.r(1), Float.floatToRawIntBits(2.5f));
            uc.emuStart(CODE | 1, CODE + 16, 0, 0);
            assertEquals(3.75f, Float.intBitsToFloat(uc.regRead(ArmReg.r(2))));
            assertEquals(4, uc.regRead(ArmReg.CONTROL) & 4, "an FP instruction sets CONTROL.FPCA");
        }
    }
}
