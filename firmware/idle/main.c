/* Idle: SysTick at 1 kHz, main sleeps in WFI forever (benchmark of an idle core's host cost). */
#include "m4.h"

volatile uint32_t idle_ticks;

void SysTick_Handler(void)
{
    idle_ticks++;
}

int main(void)
{
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7;
    for (;;) {
        wfi();
    }
}
