/*
 * Faults: an undefined instruction with UsageFault enabled goes to UsageFault_Handler (CFSR.UNDEFINSTR)
 * and returns past it; a load from unmapped memory with BusFault disabled escalates to HardFault
 * (HFSR.FORCED, CFSR.PRECISERR/BFARVALID, BFAR). The HardFault handler reports and exits.
 */
#include "m4.h"

static volatile uint32_t usage_cfsr, usage_pc, usage_count;

void usage_fault(uint32_t *frame)
{
    usage_cfsr = CFSR;
    usage_pc = frame[6];
    usage_count++;
    CFSR = usage_cfsr;          /* write-one-to-clear */
    frame[6] += 2;              /* skip the 16-bit UDF */
}

__attribute__((naked)) void UsageFault_Handler(void)
{
    __asm volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "b usage_fault\n");
}

void hard_fault(uint32_t *frame, uint32_t exc_return)
{
    TESTDEV_RESULT(0) = usage_cfsr;
    TESTDEV_RESULT(1) = usage_pc;
    TESTDEV_RESULT(2) = usage_count;
    TESTDEV_RESULT(3) = CFSR;
    TESTDEV_RESULT(4) = HFSR;
    TESTDEV_RESULT(5) = BFAR;
    TESTDEV_RESULT(6) = frame[6];
    TESTDEV_RESULT(7) = exc_return;
    TESTDEV_RESULT(8) = get_ipsr();
    TESTDEV_RESULT(9) = SHCSR;
    test_exit(0x4A4A);
}

__attribute__((naked)) void HardFault_Handler(void)
{
    __asm volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov r1, lr\n"
        "b hard_fault\n");
}

uint32_t udf_site(void);
__asm(".global udf_site\n.thumb_func\nudf_site:\n udf #0\n bx lr\n");
uint32_t bad_load_site(uint32_t addr);
__asm(".global bad_load_site\n.thumb_func\nbad_load_site:\n ldr r0, [r0]\n bx lr\n");

int main(void)
{
    SHCSR |= SHCSR_USGFAULTENA;
    udf_site();
    TESTDEV_RESULT(10) = 0x600D;  /* resumed after the UsageFault */
    bad_load_site(0x60000000u);   /* nothing there: BusFault disabled -> HardFault */
    return 1;                     /* not reached */
}
