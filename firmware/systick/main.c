/* SysTick at 1 kHz from the core clock; the handler counts ticks while main busy-waits then sleeps. */
#include "m4.h"

static volatile uint32_t ticks;
static volatile uint32_t countflag_seen;

void SysTick_Handler(void)
{
    ticks++;
}

int main(void)
{
    SHPR8(15) = 0xF0;
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7; /* ENABLE | TICKINT | CLKSOURCE = processor clock */
    while (ticks < 10) {
        /* busy */
    }
    uint32_t t0 = TESTDEV_TIME_US;
    while (ticks < 20) {
        wfi();
    }
    uint32_t t1 = TESTDEV_TIME_US;
    SYST_CSR = 5; /* TICKINT off: COUNTFLAG still sets */
    uint32_t before = ticks;
    while (!(SYST_CSR & (1u << 16))) {
    }
    countflag_seen = 1;
    TESTDEV_RESULT(0) = ticks;
    TESTDEV_RESULT(1) = t1 - t0;
    TESTDEV_RESULT(2) = before == ticks;
    TESTDEV_RESULT(3) = (SYST_CSR >> 16) & 1u; /* COUNTFLAG clears on read */
    TESTDEV_RESULT(4) = SYST_RVR;
    return 0;
}
