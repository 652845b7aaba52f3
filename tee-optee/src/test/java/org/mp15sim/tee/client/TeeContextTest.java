package org.mp15sim.tee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mp15sim.tee.core.TeeOrigin;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestKeys;

/** The kernel client API: shared-memory bounds, parameter count, session ownership, context close. */
class TeeContextTest {

    @Test
    void memrefOutsideTheRegisteredBufferIsRefusedByTheCore() {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            f.open();
            TeeShm shm = f.context.registerKernelBuffer(new byte[64]);
            TeeClientResult r = f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(shm, 32, 64));
            assertEquals(TeeResult.BAD_PARAMETERS, r.result());
            assertEquals(TeeOrigin.COMMS, r.retOrigin());
        }
    }

    @Test
    void freedOrForeignSharedMemoryAndTooManyParamsAreEinval() {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            f.open();
            TeeShm shm = f.context.registerKernelBuffer(new byte[64]);
            f.context.freeShm(shm);
            assertEquals(TeeContext.EINVAL, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(shm, 0, 64)).rc());
            TeeContext other = f.world.client().openContext();
            TeeShm foreign = other.registerKernelBuffer(new byte[64]);
            assertEquals(TeeContext.EINVAL, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(foreign, 0, 64)).rc());
            TeeClientParam v = TeeClientParam.valueInput(0);
            assertEquals(TeeContext.EINVAL, f.context.invokeFunc(f.session(), 1, v, v, v, v, v).rc());
        }
    }

    @Test
    void sessionsBelongToTheirContext() {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertTrue(f.open().isSuccess());
            TeeContext other = f.world.client().openContext();
            TeeClientResult r = other.invokeFunc(f.session(), TaRemoteproc.CMD_GET_COREDUMP);
            assertEquals(TeeResult.BAD_PARAMETERS, r.result());
            assertEquals(TeeOrigin.TEE, r.retOrigin());
            assertEquals(TeeContext.EINVAL, other.closeSession(f.session()));
        }
    }

    @Test
    void closingTheContextClosesItsSessions() {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertTrue(f.open().isSuccess());
            f.context.close();
            assertEquals(0, f.world.core().openSessions(TaRemoteproc.UUID));
            assertThrows(IllegalStateException.class, () -> f.context.registerKernelBuffer(new byte[1]));
            TeeContext again = f.world.client().openContext();
            assertTrue(again.openSession(TaRemoteproc.UUID, org.mp15sim.tee.core.TeeLogin.REE_KERNEL,
                    TeeClientParam.valueInput(0)).isSuccess());
        }
    }
}
