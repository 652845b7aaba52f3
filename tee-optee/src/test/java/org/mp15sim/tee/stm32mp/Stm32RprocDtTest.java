package org.mp15sim.tee.stm32mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.DtsParser;
import org.mp15sim.soc.dt.BoardDts;

class Stm32RprocDtTest {

    @Test
    void bundledDk2TreeGivesTheSpecRegionsInDtOrder() {
        for (String board : BoardDts.bundledNames()) {
            Stm32RprocPlatform p = Stm32RprocDt.platform(BoardDts.bundled(board));
            List<RprocMemoryRegion> expected = Stm32RprocPlatform.dk2Regions().subList(0, 6);
            assertEquals(expected, p.regions(), board);
            assertEquals(Stm32RprocPlatform.RCC_BASE, p.rccBase());
        }
    }

    private static DeviceTree tree(String dmaRanges, String teeCompatible) {
        return DtsParser.parse("test.dts", """
                /dts-v1/;
                / {
                    #address-cells = <1>;
                    #size-cells = <1>;
                    reserved-memory {
                        #address-cells = <1>;
                        #size-cells = <1>;
                        ranges;
                        retram: retram@38000000 { reg = <0x38000000 0x10000>; no-map; };
                        vdev0vring0: vdev0vring0@10040000 { reg = <0x10040000 0x1000>; no-map; };
                        ipc_shmem: ipc-shmem@10048000 { reg = <0x10048000 0x8000>; no-map; };
                    };
                    ahb {
                        #address-cells = <1>;
                        #size-cells = <1>;
                        %s
                        m4@10000000 {
                            compatible = "%s";
                            memory-region = <&retram>, <&vdev0vring0>, <&ipc_shmem>;
                        };
                    };
                };
                """.formatted(dmaRanges, teeCompatible));
    }

    @Test
    void dmaRangesGiveTheDeviceAddressAndTheirAbsenceAnIdentityMap() {
        var withRanges = Stm32RprocDt.regions(Stm32RprocDt.rprocNode(tree(
                "dma-ranges = <0x0 0x38000000 0x10000>, <0x10000000 0x10000000 0x60000>;", "st,stm32mp1-m4-tee")));
        assertEquals(List.of(new RprocMemoryRegion("retram", 0x38000000L, 0, 0x10000, false),
                new RprocMemoryRegion("vdev0vring0", 0x10040000L, 0x10040000L, 0x1000, true),
                new RprocMemoryRegion("ipc-shmem", 0x10048000L, 0x10048000L, 0x8000, true)), withRanges);
        var identity = Stm32RprocDt.regions(Stm32RprocDt.rprocNode(tree("", "st,stm32mp1-m4-tee")));
        assertEquals(0x38000000L, identity.getFirst().da());
    }

    @Test
    void regionOutsideEveryDmaRangeIsAProbeError() {
        DtException e = assertThrows(DtException.class, () -> Stm32RprocDt.platform(tree(
                "dma-ranges = <0x10000000 0x10000000 0x60000>;", "st,stm32mp1-m4-tee")));
        assertTrue(e.getMessage().contains("outside every dma-ranges window"), e.getMessage());
    }

    @Test
    void treeWithoutRemoteProcessorIsRefused() {
        assertThrows(DtException.class, () -> Stm32RprocDt.platform(tree("", "vendor,other")));
    }
}
