/* A fault inside the HardFault handler: the core locks up (ARMv7-M B1.5.15). */
#include "m4.h"

void HardFault_Handler(void)
{
    TESTDEV_RESULT(0) = HFSR;
    TESTDEV_RESULT(1) = 0xAAAA;
    *(volatile uint32_t *)0x60000004u = 1; /* faults again at priority -1: lockup */
    TESTDEV_RESULT(2) = 0xBAD;
}

int main(void)
{
    TESTDEV_RESULT(3) = 1;
    (void)*(volatile uint32_t *)0x60000000u;
    TESTDEV_RESULT(4) = 0xBAD;
    return 1;
}
