package org.mp15sim.core.reg;

/** A named bit field of a {@link Register} (e.g. RCC MP_GCR.BOOT_MCU). */
public final class Field {
    private final Register reg;
    private final String name;
    private final int lsb;
    private final int width;

    Field(Register reg, String name, int lsb, int width) {
        if (lsb < 0 || width < 1 || lsb + width > 32) {
            throw new IllegalArgumentException(reg.name() + "." + name + ": bits [" + lsb + "+" + width + "] outside a 32-bit register");
        }
        this.reg = reg;
        this.name = name;
        this.lsb = lsb;
        this.width = width;
    }

    public String name() { return name; }
    public int lsb() { return lsb; }
    public int width() { return width; }
    public long mask() { return ((1L << width) - 1) << lsb; }

    public long get() { return (reg.get() & mask()) >>> lsb; }
    public boolean isSet() { return get() != 0; }

    public void set(long v) { reg.set((reg.get() & ~mask()) | ((v << lsb) & mask())); }

    /** Extracts this field from a raw register value (for write hooks). */
    public long of(long registerValue) { return (registerValue & mask()) >>> lsb; }
}
