/*
 * SYSRESETREQ: a write with the wrong VECTKEY is ignored; one with 0x05FA requests a system reset.
 * A boot counter in .noinit-like RAM (RETRAM is not re-initialised by Reset_Handler) tells the test
 * how many times the firmware started.
 */
#include "m4.h"

static volatile uint32_t *const boot_count = (volatile uint32_t *)0x0000FF00u; /* top of RETRAM */

int main(void)
{
    uint32_t boots = ++*boot_count;
    TESTDEV_RESULT(0) = boots;
    if (boots == 1) {
        AIRCR = (0x1234u << 16) | AIRCR_SYSRESETREQ; /* wrong key: ignored */
        dsb_isb();
        TESTDEV_RESULT(1) = 0x1C0DE;
        AIRCR = AIRCR_VECTKEY | AIRCR_SYSRESETREQ;
        dsb_isb();
        for (;;) {
        }
    }
    return 0;
}
