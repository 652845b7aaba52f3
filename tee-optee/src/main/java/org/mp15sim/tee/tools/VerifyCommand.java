package org.mp15sim.tee.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeClientResult;
import org.mp15sim.tee.client.TeeContext;
import org.mp15sim.tee.client.TeeShm;
import org.mp15sim.tee.core.SecureClock;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.sign.SigningException;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/**
 * {@code verify --key PUB.pem IMAGE}: runs the remoteproc TA's LOAD_FW and the STM32MP PTA on the DK2
 * memory map, as remoteproc_tee would (open session, LOAD_FW, GET_RSC_TABLE), printing each step.
 */
public final class VerifyCommand {
    public int run(String[] args, PrintStream out, PrintStream err) {
        String key = null;
        String image = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--key")) {
                if (++i >= args.length) {
                    return usage(err, "--key needs a file");
                }
                key = args[i];
            } else if (args[i].startsWith("--")) {
                return usage(err, "unknown option " + args[i]);
            } else if (image == null) {
                image = args[i];
            } else {
                return usage(err, "more than one IMAGE given");
            }
        }
        if (key == null || image == null) {
            return usage(err, "--key PUB.pem and IMAGE are required");
        }
        PublicKey publicKey;
        byte[] bytes;
        try {
            publicKey = PemKeys.readPublicKey(Files.readString(Path.of(key), StandardCharsets.US_ASCII));
            bytes = Files.readAllBytes(Path.of(image));
        } catch (IOException | SigningException e) {
            err.println("verify: " + e.getMessage());
            return TeeTool.FAILED;
        }
        SecureClock.Accounting clock = new SecureClock.Accounting();
        Trace printer = Trace.logs((time, text) -> out.printf("[%12s] %s%n", SimTime.format(time), text));
        out.printf("verify %s (%d bytes) with %s on the STM32MP157C-DK2 map%n", image, bytes.length, key);
        try (OfflineDk2 board = new OfflineDk2()) {
            Stm32mpSecureWorld world;
            try {
                world = Stm32mpSecureWorld.create(Stm32RprocPlatform.dk2().withKey(publicKey), TeeConfig.defaults(),
                        board.secureBus(), clock, printer);
            } catch (IllegalArgumentException e) {
                err.println("verify: " + e.getMessage());
                return TeeTool.FAILED;
            }
            TeeContext ctx = world.client().openContext();
            TeeClientResult open = ctx.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL, TeeClientParam.valueInput(0));
            out.println("open session remoteproc TA (rproc 0): " + open);
            if (!open.isSuccess()) {
                out.println(TeeResult.describe(open.ret()));
                return TeeTool.FAILED;
            }
            TeeShm shm = ctx.registerKernelBuffer(bytes);
            long start = clock.now();
            TeeClientResult load = ctx.invokeFunc(open.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(shm, 0, bytes.length));
            out.printf("LOAD_FW: %s, simulated %s%n", TeeResult.describe(load.ret()),
                    SimTime.format(clock.now() - start));
            if (load.isSuccess()) {
                TeeClientParam pa = TeeClientParam.valueOutput();
                TeeClientParam size = TeeClientParam.valueOutput();
                TeeClientResult rsc = ctx.invokeFunc(open.session(), TaRemoteproc.CMD_GET_RSC_TABLE,
                        TeeClientParam.valueInput(0), pa, size);
                out.printf("GET_RSC_TABLE: %s, pa 0x%x, size %d%n", TeeResult.describe(rsc.ret()),
                        pa.b() << 32 | pa.a(), size.b() << 32 | size.a());
                long tablePa = pa.b() << 32 | pa.a();
                if (rsc.isSuccess() && (size.a() | size.b()) != 0) {
                    checkLoadedTable(board, tablePa, out);
                }
            }
            ctx.close();
            TeeResult result = load.result();
            out.println(result == null ? TeeResult.describe(load.ret()) : result.teeName());
            return load.isSuccess() ? TeeTool.OK : TeeTool.FAILED;
        }
    }

    /**
     * What Linux would read at the reported address (rproc_tee_parse_fw memremaps it): a table whose section
     * address differs from its load address was never written there, and Linux would see no resources.
     */
    private static void checkLoadedTable(OfflineDk2 board, long pa, PrintStream out) {
        int ver;
        try {
            ver = board.secureBus().read32(pa);
        } catch (RuntimeException e) {
            return;
        }
        if (ver != 1) {
            out.printf("warning: the resource table reported at pa 0x%x reads ver %d in memory after the load: the TA"
                    + " reports the section address, but loads segments at p_paddr, so nothing was written there."
                    + " Linux would read this table, find no vdev and no trace, and the firmware would wait for"
                    + " DRIVER_OK forever. Give .resource_table the same load and run address in the linker script"
                    + " ('mp15sim inspect' on the ELF shows both).%n", pa, ver);
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("verify: " + message);
        err.print(TeeTool.USAGE_TEXT);
        return TeeTool.USAGE;
    }
}
