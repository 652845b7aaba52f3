package org.mp15sim.core.dt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the damage to a blob or a source, reading either works or throws a {@link DtException};
 * no other exception (index out of bounds, stack overflow, ...) escapes.
 */
class DtMutationProperties {
    private static final byte[] BLOB = DtsParser.parse("s.dts", DtbTest.SAMPLE).toDtb();
    private static final String SOURCE = """
            /dts-v1/;
            #define BASE 0x4c001000
            /memreserve/ 0x1000 0x100;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
                soc {
                    #address-cells = <1>; #size-cells = <1>; ranges;
                    dma-ranges = <0 0x38000000 0x10000>;
                    ipcc: mailbox@4c001000 { reg = <BASE 0x400>; #mbox-cells = <1>; s = "a\\tb", "c"; b = [00 ff]; };
                    m4 { mboxes = <&ipcc 0>, <&ipcc (1 + 2 * 3)>; ref = &ipcc; e; w = /bits/ 16 <'x' 7>; };
                };
            };
            &ipcc { extra = <1>; /delete-property/ b; };
            """;
    private static final String SIGNIFICANT = "/{}<>[]();,&:=\"'#@\\-+*~!?x0 \n";

    @net.jqwik.api.Property(tries = 400)
    void blobTruncationIsAnError(@ForAll @IntRange(min = 0, max = 2000) int length) {
        byte[] b = java.util.Arrays.copyOf(BLOB, Math.min(length, BLOB.length));
        exerciseBlob(b);
    }

    @net.jqwik.api.Property(tries = 1000)
    void blobBitFlipsAreErrorsOrTrees(@ForAll @IntRange(min = 0, max = 100_000) int bit1,
                                      @ForAll @IntRange(min = 0, max = 100_000) int bit2) {
        byte[] b = BLOB.clone();
        int bits = b.length * 8;
        b[(bit1 % bits) / 8] ^= (byte) (1 << (bit1 % 8));
        b[(bit2 % bits) / 8] ^= (byte) (1 << (bit2 % 8));
        exerciseBlob(b);
    }

    @net.jqwik.api.Property(tries = 1000)
    void blobWordsNearTheLimitsAreErrorsOrTrees(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                               @ForAll @IntRange(min = -64, max = 64) int delta) {
        byte[] b = BLOB.clone();
        int at = (where % (b.length / 4)) * 4;
        ByteBuffer.wrap(b).putInt(at, delta < 0 ? Integer.MIN_VALUE - delta : -delta);
        exerciseBlob(b);
    }

    @net.jqwik.api.Property(tries = 1500)
    void sourceEditsAreLocatedErrorsOrTrees(@ForAll @IntRange(min = 0, max = 100_000) int where,
                                            @ForAll @IntRange(min = 0, max = 100) int what,
                                            @ForAll @IntRange(min = 0, max = 2) int how) {
        int at = where % SOURCE.length();
        String c = String.valueOf(SIGNIFICANT.charAt(what % SIGNIFICANT.length()));
        String edited = switch (how) {
            case 0 -> SOURCE.substring(0, at) + SOURCE.substring(at + 1);
            case 1 -> SOURCE.substring(0, at) + c + SOURCE.substring(at);
            default -> SOURCE.substring(0, at) + c + SOURCE.substring(at + 1);
        };
        DeviceTree t;
        try {
            t = DtsParser.parse("m.dts", edited);
        } catch (DtSourceException e) {
            assertTrue(e.getMessage().startsWith("m.dts:"), e.getMessage());
            return;
        } catch (DtException e) {
            return;
        }
        exerciseTree(t);
    }

    @Example
    void deepNestingIsAnErrorNotAStackOverflow() {
        String parens = "/dts-v1/; / { p = <" + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ">; };";
        assertThrows(DtSourceException.class, () -> DtsParser.parse("p.dts", parens));
        String unary = "/dts-v1/; / { p = <(" + "-".repeat(100_000) + "1)>; };";
        assertThrows(DtSourceException.class, () -> DtsParser.parse("u.dts", unary));
        String nodes = "/dts-v1/; / { " + "a { ".repeat(100_000) + "}; ".repeat(100_000) + "};";
        assertThrows(DtSourceException.class, () -> DtsParser.parse("n.dts", nodes));
    }

    @Example
    void deeplyNestedBlobIsAnError() {
        ByteBuffer b = ByteBuffer.allocate(40 + 16 + 8 * 1000 + 8);
        int struct = 56;
        b.putInt(0, Dtb.MAGIC).putInt(8, struct).putInt(16, 40).putInt(20, 17).putInt(24, 16);
        b.position(struct);
        b.putInt(1).putInt(0);
        for (int i = 0; i < 999; i++) {
            b.putInt(1).putInt(0x61000000);
        }
        int end = b.position();
        b.putInt(4, b.capacity()).putInt(12, end).putInt(32, 0).putInt(36, end - struct);
        DtException e = assertThrows(DtException.class, () -> Dtb.read(b.array(), "deep.dtb"));
        assertTrue(e.getMessage().contains("nested deeper than"), e.getMessage());
    }

    private static void exerciseBlob(byte[] b) {
        DeviceTree t;
        try {
            t = Dtb.read(b, "m.dtb");
        } catch (DtException expected) {
            return;
        }
        exerciseTree(t);
    }

    private static void exerciseTree(DeviceTree t) {
        Dtb.read(t.toDtb(), "again.dtb");
        t.toDts();
        for (Node n : t.nodes()) {
            for (Runnable r : new Runnable[] {n::reg, n::ranges, n::dmaRanges, n::compatibles, n::isEnabled,
                    () -> n.phandleArgs("mboxes", "#mbox-cells"), n::addressCells, n::sizeCells, n::interruptParent}) {
                try {
                    r.run();
                } catch (DtException expected) {
                    // each accessor is checked on its own
                }
            }
            for (Property p : n.properties()) {
                for (Runnable r : new Runnable[] {p::u32, p::u32Array, p::u64, p::strings, p::string}) {
                    try {
                        r.run();
                    } catch (DtException expected) {
                        // shape errors are fine
                    }
                }
            }
        }
    }
}
