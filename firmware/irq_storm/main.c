/*
 * Interrupt-heavy load: main pends IRQ0 by software (STIR) in a loop; every pend is taken, so each
 * iteration is one exception entry and one return. bench_iterations is patched by the benchmark.
 */
#include "m4.h"

volatile uint32_t bench_iterations = 10000u;
static volatile uint32_t taken;

void IRQ0_Handler(void)
{
    taken++;
}

int main(void)
{
    NVIC_IPR8(0) = 0x40;
    nvic_enable(0);
    uint32_t n = bench_iterations;
    for (uint32_t i = 0; i < n; i++) {
        STIR = 0;
        dsb_isb();
    }
    TESTDEV_RESULT(0) = taken;
    return 0;
}
