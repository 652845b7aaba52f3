package org.mp15sim.tee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mp15sim.core.trace.Trace;

/** Session management by TA flags, error codes by value, parameter-type words. */
class TeeCoreTest {
    private static final UUID TA = UUID.fromString("12345678-0000-0000-0000-000000000001");

    /** Counts instances and remembers the identity it was opened with. */
    private static final class CountingTa implements TrustedApplication {
        static int created;
        static int destroyed;
        final List<TeeIdentity> clients = new ArrayList<>();
        int invocations;

        CountingTa() {
            created++;
        }

        @Override
        public TeeResult openSession(TaSession session, int paramTypes, TeeParam[] params) {
            clients.add(session.client());
            return params[0].a() == 99 ? TeeResult.ACCESS_DENIED : TeeResult.SUCCESS;
        }

        @Override
        public TeeResult invokeCommand(TaSession session, int command, int paramTypes, TeeParam[] params) {
            invocations++;
            params[1].setValue(invocations, 0x1_2345_6789L);
            return TeeResult.SUCCESS;
        }

        @Override
        public void destroy() {
            destroyed++;
        }
    }

    private static TeeCore core(Set<TaFlag> flags) {
        CountingTa.created = 0;
        CountingTa.destroyed = 0;
        TeeCore core = new TeeCore(TeeConfig.defaults(), new SecureClock.Accounting(), Trace.OFF);
        core.register(new TaProperties(TA, "counting", flags, false), CountingTa::new);
        return core;
    }

    private static TeeOutcome open(TeeCore core, long value) {
        TeeParam[] p = TeeParam.none();
        p[0].setValue(value, 0);
        return core.openSession(TeeIdentity.reeKernel(), TA, TeeParamType.types(TeeParamType.VALUE_INPUT,
                TeeParamType.NONE, TeeParamType.NONE, TeeParamType.NONE), p);
    }

    @Test
    void singleInstanceWithoutMultiSessionRefusesASecondSession() {
        TeeCore core = core(Set.of(TaFlag.SINGLE_INSTANCE, TaFlag.INSTANCE_KEEP_ALIVE));
        TeeOutcome first = open(core, 0);
        assertEquals(TeeResult.SUCCESS, first.result());
        TeeOutcome second = open(core, 0);
        assertEquals(TeeResult.BUSY, second.result());
        assertEquals(TeeOrigin.TEE, second.origin());
        core.closeSession(first.session());
        assertEquals(TeeResult.SUCCESS, open(core, 0).result());
        assertEquals(1, CountingTa.created, "keep-alive: one instance for the whole run");
        assertEquals(0, CountingTa.destroyed);
    }

    @Test
    void multiSessionSingleInstanceSharesOneInstance() {
        TeeCore core = core(Set.of(TaFlag.SINGLE_INSTANCE, TaFlag.MULTI_SESSION));
        TeeOutcome a = open(core, 0);
        TeeOutcome b = open(core, 0);
        assertTrue(a.isSuccess() && b.isSuccess());
        assertEquals(1, CountingTa.created);
        core.closeSession(a.session());
        core.closeSession(b.session());
        assertEquals(1, CountingTa.destroyed, "without keep-alive the instance goes with its last session");
    }

    @Test
    void multiInstanceTaGetsAnInstancePerSession() {
        TeeCore core = core(Set.of());
        open(core, 0);
        open(core, 0);
        assertEquals(2, CountingTa.created);
    }

    @Test
    void failedOpenReturnsTheTaErrorWithTrustedAppOriginAndNoSession() {
        TeeCore core = core(Set.of(TaFlag.SINGLE_INSTANCE));
        TeeOutcome o = open(core, 99);
        assertEquals(TeeResult.ACCESS_DENIED, o.result());
        assertEquals(TeeOrigin.TRUSTED_APP, o.origin());
        assertEquals(0, o.session());
        assertEquals(1, CountingTa.destroyed);
    }

    @Test
    void unknownUuidAndUnknownSession() {
        TeeCore core = core(Set.of());
        TeeOutcome o = core.openSession(TeeIdentity.reeKernel(), UUID.randomUUID(), 0, TeeParam.none());
        assertEquals(TeeResult.ITEM_NOT_FOUND, o.result());
        assertEquals(TeeOrigin.TEE, o.origin());
        assertEquals(TeeResult.BAD_PARAMETERS, core.invoke(42, 1, 0, TeeParam.none()).result());
    }

    @Test
    void outputValuesAreWrittenInPlaceAsU32() {
        TeeCore core = core(Set.of());
        TeeOutcome o = open(core, 0);
        TeeParam[] p = TeeParam.none();
        core.invoke(o.session(), 1, 0, p);
        assertEquals(1, p[1].a());
        assertEquals(0x2345_6789L, p[1].b(), "value.b is a u32");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "SUCCESS, 00000000", "GENERIC, ffff0000", "ACCESS_DENIED, ffff0001", "BAD_FORMAT, ffff0005",
        "BAD_PARAMETERS, ffff0006", "BAD_STATE, ffff0007", "ITEM_NOT_FOUND, ffff0008", "NOT_IMPLEMENTED, ffff0009",
        "NOT_SUPPORTED, ffff000a", "NO_DATA, ffff000b", "OUT_OF_MEMORY, ffff000c", "BUSY, ffff000d",
        "SECURITY, ffff000f", "SHORT_BUFFER, ffff0010", "SIGNATURE_INVALID, ffff3072", "CORRUPT_OBJECT, f0100001",
    })
    void errorCodesHaveTheirGlobalPlatformValues(TeeResult r, String hex) {
        assertEquals((int) Long.parseLong(hex, 16), r.code());
        assertEquals(r, TeeResult.of(r.code()));
    }

    @Test
    void paramTypesWordPacksFourNibbles() {
        assertEquals(0x0051, TeeParamType.types(TeeParamType.VALUE_INPUT, TeeParamType.MEMREF_INPUT,
                TeeParamType.NONE, TeeParamType.NONE));
        assertEquals(0x5151, TeeParamType.types(TeeParamType.VALUE_INPUT, TeeParamType.MEMREF_INPUT,
                TeeParamType.VALUE_INPUT, TeeParamType.MEMREF_INPUT));
        assertEquals(0x2111, TeeParamType.types(TeeParamType.VALUE_INPUT, TeeParamType.VALUE_INPUT,
                TeeParamType.VALUE_INPUT, TeeParamType.VALUE_OUTPUT));
        assertNull(TeeParamType.of(4));
        assertEquals("TEE_ERROR_BAD_FORMAT (0xffff0005)", TeeResult.describe(0xFFFF0005));
        assertEquals("0x12345678", TeeResult.describe(0x12345678));
    }

    @Test
    void taHeapRefusesWhatDoesNotFit() {
        TaHeap heap = new TaHeap(4096);
        long a = heap.malloc(4000);
        assertTrue(a != 0);
        assertEquals(0, heap.malloc(100));
        heap.free(a);
        assertEquals(0, heap.used());
        assertTrue(heap.malloc(100) != 0);
    }
}
