package org.mp15sim.tee.stm32mp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.soc.periph.Rcc;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeContext;
import org.mp15sim.tee.client.TeeShm;
import org.mp15sim.tee.core.IsolationPolicy;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/** The secure world on the real SoC model: its A7 secure bus, RCC and memories, driven from a process. */
class SocIntegrationTest {

    @Test
    void loadAndStartOnTheSocPulseBootMcuAndIsolateFromLinux() {
        byte[] image = ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf()).build();
        try (Scheduler s = new Scheduler(); Stm32mp15 soc = new Stm32mp15(s, Stm32mp15Config.dk2())) {
            List<String> rcc = new ArrayList<>();
            soc.rcc().addListener(new Rcc.Listener() {
                @Override
                public void bootMcuWritten(boolean oldValue, boolean newValue) {
                    rcc.add("BOOT_MCU " + (newValue ? 1 : 0));
                }

                @Override
                public void mcuResetRequested() {
                    rcc.add("MCURST");
                }
            });
            Stm32mpSecureWorld world = Stm32mpSecureWorld.forSoc(soc, BoardDts.bundled("dk2-tee"),
                    TestKeys.rsa2048().getPublic(), TeeConfig.defaults().withIsolation(IsolationPolicy.ISOLATE));
            List<TeeResult> results = new ArrayList<>();
            s.spawn("remoteproc_tee", () -> {
                TeeContext ctx = world.client().openContext();
                int session = ctx.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL, TeeClientParam.valueInput(0))
                        .session();
                TeeShm shm = ctx.registerKernelBuffer(image);
                results.add(ctx.invokeFunc(session, TaRemoteproc.CMD_LOAD_FW, TeeClientParam.valueInput(0),
                        TeeClientParam.memrefInput(shm, 0, image.length)).result());
                results.add(ctx.invokeFunc(session, TaRemoteproc.CMD_START_FW, TeeClientParam.valueInput(0)).result());
            });
            s.runUntilIdle();
            assertEquals(List.of(TeeResult.SUCCESS, TeeResult.SUCCESS), results);
            assertTrue(s.now() > TeeConfig.defaults().rsaVerifyTime(2048), "the load took simulated time");
            assertEquals(List.of("BOOT_MCU 0", "MCURST", "BOOT_MCU 1", "BOOT_MCU 0"), rcc,
                    "probe holds and resets the M4; START pulses BOOT_MCU");
            assertDoesNotThrow(() -> soc.m4().read32(0x0), "the M4 reads its vector table");
            assertThrows(BusErrorException.class, () -> soc.a7().read32(0x10000000L), "Linux is kept out");
            assertDoesNotThrow(() -> soc.a7().read32(0x10000020L), "except for the resource table");
        }
    }
}
