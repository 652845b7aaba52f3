package org.mp15sim.linux.board;

import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.periph.Exti;

/**
 * The A7 side of drivers/irqchip/irq-stm32-exti.c for configurable lines: requesting
 * {@code <&exti N IRQ_TYPE_EDGE_RISING>} selects the rising trigger (RTSRx) and unmasks the line for CPU1
 * (C1IMRx); each event is acknowledged by writing its RPRx bit (irq_ack of handle_edge_irq), which lowers
 * the line toward the GIC again. Direct lines (IPCC, HSEM) need no programming.
 */
public final class Stm32ExtiIrqChip {
    private static final long RTSR1 = 0x00, RPR1 = 0x0C, C1IMR1 = 0x80;

    private final Stm32mp15 soc;
    private final AddressSpace bus;

    public Stm32ExtiIrqChip(Stm32mp15 soc, AddressSpace a7) {
        this.soc = soc;
        this.bus = a7;
    }

    /** The line the kernel requests for EXTI {@code line}: the GIC SPI input it is routed to. */
    public IrqLine request(int line) {
        int spi = Exti.gicSpi(line);
        if (spi < 0) return null;
        IrqLine out = soc.gicSpi(spi);
        if (Exti.type(line) == Exti.LineType.CONFIGURABLE) {
            int bank = line / 32;
            int bit = 1 << (line % 32);
            long rtsr = Exti.BASE + RTSR1 + 0x20L * bank;
            long imr = Exti.BASE + C1IMR1 + 0x10L * bank;
            long rpr = Exti.BASE + RPR1 + 0x20L * bank;
            bus.write32(rtsr, bus.read32(rtsr) | bit);
            bus.write32(imr, bus.read32(imr) | bit);
            // irq_ack: clear the pending bit once the edge was seen (after the listeners of this instant)
            out.addListener(high -> {
                if (high) soc.scheduler().schedule("exti" + line + " irq_ack", 0, () -> bus.write32(rpr, bit));
            });
        }
        return out;
    }
}
