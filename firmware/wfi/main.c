/*
 * WFI sleep and wake-up: by SysTick, by an external interrupt line (test device timer), and
 * SLEEPONEXIT (the core goes back to sleep when the last handler returns, main does not run).
 */
#include "m4.h"

static volatile uint32_t systick_wakes, ext_wakes, main_loops;

void SysTick_Handler(void)
{
    systick_wakes++;
    if (systick_wakes == 5) {
        SYST_CSR = 0;
    }
}

void IRQ3_Handler(void)
{
    ext_wakes++;
    TESTDEV_IRQ_CLR = 3;
    if (ext_wakes < 3) {
        TESTDEV_IRQ_AFTER = (3u << 24) | 1000u; /* again in 1 ms */
    } else {
        SCR = 0;                /* leave SLEEPONEXIT: return to main */
    }
}

int main(void)
{
    SYST_RVR = CORE_HZ / 1000u - 1u; /* 1 kHz */
    SYST_CVR = 0;
    SYST_CSR = 7;
    uint32_t t0 = TESTDEV_TIME_US;
    while (systick_wakes < 5) {
        wfi();
        main_loops++;
    }
    uint32_t t1 = TESTDEV_TIME_US;

    nvic_enable(3);
    TESTDEV_IRQ_AFTER = (3u << 24) | 2000u; /* external line 3 rises in 2 ms */
    SCR = SCR_SLEEPONEXIT;
    uint32_t loops_before = main_loops;
    wfi();                      /* sleeps through three IRQ3 handlers without returning to main */
    main_loops++;
    uint32_t t2 = TESTDEV_TIME_US;

    TESTDEV_RESULT(0) = systick_wakes;
    TESTDEV_RESULT(1) = t1 - t0;
    TESTDEV_RESULT(2) = ext_wakes;
    TESTDEV_RESULT(3) = main_loops - loops_before; /* 1: main ran once after SLEEPONEXIT ended */
    TESTDEV_RESULT(4) = t2 - t1;
    return 0;
}
