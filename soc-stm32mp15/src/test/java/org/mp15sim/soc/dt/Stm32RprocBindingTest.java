package org.mp15sim.soc.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;

/** One crafted device tree per binding rule: each must give exactly the violations listed. */
class Stm32RprocBindingTest {
    private static final String M4 = "/ahb/m4@10000000";

    /** A bundled board plus extra source text (overlays that break one rule). */
    static DeviceTree board(String base, String extra) {
        String file = base.equals("tee") ? "stm32mp157c-dk2-tee.dts" : "stm32mp157c-dk2.dts";
        return BoardDts.parser().parseString("case.dts", "/dts-v1/;\n#include \"" + file + "\"\n" + extra + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "tee"})
    void bundledBoardsHaveNoViolations(String base) {
        assertEquals(List.of(), Stm32RprocBinding.validate(board(base, "")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            reg missing                 | native | &m4_rproc { /delete-property/ reg; };                         | /ahb/m4@10000000 reg required
            reg too many entries        | native | &m4_rproc { reg = <0 1>, <2 3>, <4 5>, <6 7>; };              | /ahb/m4@10000000 reg reg-items
            resets missing (native)     | native | &m4_rproc { /delete-property/ resets; /delete-property/ reset-names; }; | /ahb/m4@10000000 resets resets-required-without-tee
            hold-boot missing (native)  | native | &m4_rproc { /delete-property/ st,syscfg-holdboot; };          | /ahb/m4@10000000 st,syscfg-holdboot holdboot-required-without-tee
            hold_boot reset and syscon  | native | &m4_rproc { resets = <&rcc 1>, <&rcc 2>; reset-names = "mcu_rst", "hold_boot"; }; | /ahb/m4@10000000 st,syscfg-holdboot holdboot-exclusive
            reset-names order           | native | &m4_rproc { resets = <&rcc 1>, <&rcc 2>; reset-names = "hold_boot", "mcu_rst"; /delete-property/ st,syscfg-holdboot; }; | /ahb/m4@10000000 reset-names reset-names-items
            reset-names count           | native | &m4_rproc { reset-names = "mcu_rst", "hold_boot"; /delete-property/ st,syscfg-holdboot; }; | /ahb/m4@10000000 reset-names reset-names-count
            too many resets             | native | &m4_rproc { resets = <&rcc 1>, <&rcc 2>, <&rcc 3>; /delete-property/ reset-names; }; | /ahb/m4@10000000 resets resets-items
            tee with resets             | tee    | &m4_rproc { resets = <&rcc MCU_R>; };                          | /ahb/m4@10000000 resets tee-forbids-reset-and-hold-boot
            tee with reset-names        | tee    | &m4_rproc { reset-names = "mcu_rst"; };                        | /ahb/m4@10000000 reset-names tee-forbids-reset-and-hold-boot
            tee with hold-boot          | tee    | &m4_rproc { st,syscfg-holdboot = <&rcc 0x10c 1>; };            | /ahb/m4@10000000 st,syscfg-holdboot tee-forbids-reset-and-hold-boot
            rproc-tee without id        | tee    | &m4_rproc { st,rproc-tee = <&tee_rproc>; };                    | /ahb/m4@10000000 st,rproc-tee rproc-tee-cells
            rproc-tee with two cells    | tee    | &m4_rproc { st,rproc-tee = <&tee_rproc 0 1>; };                | /ahb/m4@10000000 st,rproc-tee rproc-tee-cells
            rproc-tee to another node   | tee    | &m4_rproc { st,rproc-tee = <&ipcc 0>; };                       | /ahb/m4@10000000 st,rproc-tee rproc-tee-target
            rproc-tee dangling phandle  | tee    | &m4_rproc { st,rproc-tee = <0x999 0>; };                       | /ahb/m4@10000000 st,rproc-tee rproc-tee-target
            rproc-tee to disabled node  | tee    | &tee_rproc { status = "disabled"; };                           | /ahb/m4@10000000 st,rproc-tee rproc-tee-available
            tee node extra property     | tee    | &tee_rproc { method = "smc"; };                                | /firmware/optee-rproc method tee-node-additional-properties
            tee node extra compatible   | tee    | &tee_rproc { compatible = "80a4c275-0a47-4905-8285-1486a9771a08", "x,y"; }; | /firmware/optee-rproc compatible tee-node-compatible; /ahb/m4@10000000 st,rproc-tee rproc-tee-target
            mbox-names order            | native | &m4_rproc { mbox-names = "vq1", "vq0", "shutdown", "detach"; }; | /ahb/m4@10000000 mbox-names mbox-names-items
            mbox-names unknown name     | native | &m4_rproc { mbox-names = "vq0", "vq1", "shutdown", "crash"; }; | /ahb/m4@10000000 mbox-names mbox-names-items
            mbox-names fewer than mboxes| native | &m4_rproc { mbox-names = "vq0", "vq1"; };                      | /ahb/m4@10000000 mbox-names mbox-names-count
            mboxes without names        | native | &m4_rproc { /delete-property/ mbox-names; };                   | /ahb/m4@10000000 mbox-names mbox-names-with-mboxes
            names without mboxes        | native | &m4_rproc { /delete-property/ mboxes; };                       | /ahb/m4@10000000 mboxes mbox-names-with-mboxes
            five mboxes                 | native | &m4_rproc { mboxes = <&ipcc 0>, <&ipcc 1>, <&ipcc 2>, <&ipcc 3>, <&ipcc 4>; mbox-names = "vq0", "vq1", "shutdown", "detach", "x"; }; | /ahb/m4@10000000 mboxes mboxes-items; /ahb/m4@10000000 mbox-names mbox-names-items
            mbox without channel cell   | native | &m4_rproc { mboxes = <&ipcc>; mbox-names = "vq0"; };           | /ahb/m4@10000000 mboxes mboxes-items
            two interrupts              | native | &m4_rproc { interrupts = <68 1>, <69 1>; };                    | /ahb/m4@10000000 interrupts interrupts-items
            dangling interrupt-parent   | native | &m4_rproc { interrupt-parent = <0x999>; };                     | /ahb/m4@10000000 interrupt-parent interrupt-parent
            extended interrupts two     | native | &m4_rproc { /delete-property/ interrupts; interrupts-extended = <&exti 68 1>, <&intc 0 5 4>; }; | /ahb/m4@10000000 interrupts-extended interrupts-items
            interrupts odd cells        | native | &m4_rproc { interrupts = <68 1 2>; };                          | /ahb/m4@10000000 interrupts interrupts-items
            IPCC channel out of range   | native | &m4_rproc { mboxes = <&ipcc 0>, <&ipcc 1>, <&ipcc 2>, <&ipcc 6>; }; | /ahb/m4@10000000 mboxes mboxes-channel-range
            IPCC proc-id 2              | native | &ipcc { st,proc-id = <2>; };                                   | /soc/mailbox@4c001000 st,proc-id ipcc-proc-id
            IPCC without proc-id        | native | &ipcc { /delete-property/ st,proc-id; };                       | /soc/mailbox@4c001000 st,proc-id ipcc-required
            IPCC two mbox cells         | native | &ipcc { #mbox-cells = <2>; }; &m4_rproc { mboxes = <&ipcc 0 0>, <&ipcc 1 0>, <&ipcc 2 0>, <&ipcc 3 0>; }; | /soc/mailbox@4c001000 #mbox-cells ipcc-mbox-cells
            IPCC without tx interrupt   | native | &ipcc { interrupt-names = "rx"; };                             | /soc/mailbox@4c001000 interrupt-names ipcc-interrupts
            IPCC without reg            | native | &ipcc { /delete-property/ reg; };                              | /soc/mailbox@4c001000 reg ipcc-required
            syscon missing a cell       | native | &m4_rproc { st,syscfg-pdds = <&pwr_mcu 0x0>; };               | /ahb/m4@10000000 st,syscfg-pdds syscon-cells
            syscon not a syscon         | native | &m4_rproc { st,syscfg-m4-state = <&ipcc 0x148 0xffffffff>; };  | /ahb/m4@10000000 st,syscfg-m4-state syscon-target
            region not reserved memory  | native | &m4_rproc { memory-region = <&retram>, <&sram4>; };            | /ahb/m4@10000000 memory-region memory-region-target
            region with args            | native | &m4_rproc { memory-region = <&retram 5>; };                    | /ahb/m4@10000000 memory-region memory-region-target
            region in DDR               | native | / { reserved-memory { ddrbuf: ddrbuf@c0000000 { reg = <0xc0000000 0x1000>; no-map; }; }; }; &m4_rproc { memory-region = <&retram>, <&ddrbuf>; }; | /ahb/m4@10000000 memory-region memory-region-dma-ranges
            region past a window end    | native | &mcuram2 { reg = <0x10000000 0x70000>; };                      | /ahb/m4@10000000 memory-region memory-region-dma-ranges
            parent without dma-ranges   | native | &mlahb { /delete-property/ dma-ranges; };                      | /ahb/m4@10000000 - parent-dma-ranges
            unknown property            | native | &m4_rproc { st,frobnicate = <1>; };                            | /ahb/m4@10000000 st,frobnicate additional-properties
            auto-boot with a value      | native | &m4_rproc { st,auto-boot = <1>; };                             | /ahb/m4@10000000 st,auto-boot boolean
            firmware-name list          | native | &m4_rproc { firmware-name = "a.elf", "b.elf"; };               | /ahb/m4@10000000 firmware-name firmware-name-string
            """)
    void eachBrokenRuleIsReported(String name, String base, String extra, String expected) {
        List<BindingViolation> v = Stm32RprocBinding.validate(board(base, extra));
        Set<String> got = v.stream().map(x -> x.nodePath() + " " + (x.property().isEmpty() ? "-" : x.property()) + " "
                + x.rule()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> want = Arrays.stream(expected.split(";")).map(String::strip)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(want, got, () -> v.stream().map(BindingViolation::toString).collect(Collectors.joining("\n")));
        for (BindingViolation x : v) {
            assertTrue(x.toString().startsWith(x.location().orElseThrow() + ": node " + x.nodePath()), x.toString());
            assertTrue(x.toString().endsWith("[" + x.rule() + "]"), x.toString());
        }
    }

    @Test
    void violationSaysWhereWhatAndWhichRule() {
        BindingViolation v = Stm32RprocBinding.validate(board("tee", "&m4_rproc { resets = <&rcc MCU_R>; };")).getFirst();
        assertEquals("case.dts:3:13: node " + M4 + ": property 'resets': must not be present with st,rproc-tee: the TEE "
                + "owns the M4 reset and hold-boot [tee-forbids-reset-and-hold-boot]", v.toString());
    }

    @Test
    void missingPropertyIsLocatedAtTheNodeDefinition() {
        BindingViolation v = Stm32RprocBinding.validate(board("native", "&m4_rproc { /delete-property/ mbox-names; };"))
                .getFirst();
        assertEquals("org/mp15sim/soc/boards/stm32mp151.dtsi:125:13", v.location().orElseThrow().toString());
    }

    @Test
    void requireValidListsEveryViolation() {
        DeviceTree t = board("native", "&m4_rproc { /delete-property/ reg; mbox-names = \"vq0\"; };");
        DtException e = assertThrows(DtException.class, () -> Stm32RprocBinding.requireValid(t));
        assertTrue(e.getMessage().startsWith("device tree breaks 2 remoteproc binding rules:"), e.getMessage());
        assertTrue(e.getMessage().contains("[required]"), e.getMessage());
        assertTrue(e.getMessage().contains("[mbox-names-count]"), e.getMessage());
    }

    @Test
    void disabledDtsiNodeIsCheckedToo() {
        DeviceTree t = BoardDts.parser().parseString("soc.dts",
                "/dts-v1/;\n#include \"stm32mp151.dtsi\"\n&m4_rproc { /delete-property/ resets; };\n");
        assertEquals(List.of(M4 + " resets-required-without-tee"),
                Stm32RprocBinding.validate(t).stream().map(x -> x.nodePath() + " " + x.rule()).toList());
    }
}
