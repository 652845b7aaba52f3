/*
 * Common start-up for mp15sim test firmware: the vector table (16 system vectors + 150 IRQs, as on
 * the STM32MP15 M4), Reset_Handler, and weak default handlers that a program overrides by defining
 * a function of the same name.
 */
#include "m4.h"

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
extern int main(void);

void Reset_Handler(void);
void Default_Handler(void);

#define WEAK_ALIAS __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_ALIAS;
void HardFault_Handler(void) WEAK_ALIAS;
void MemManage_Handler(void) WEAK_ALIAS;
void BusFault_Handler(void) WEAK_ALIAS;
void UsageFault_Handler(void) WEAK_ALIAS;
void SVC_Handler(void) WEAK_ALIAS;
void DebugMon_Handler(void) WEAK_ALIAS;
void PendSV_Handler(void) WEAK_ALIAS;
void SysTick_Handler(void) WEAK_ALIAS;
void IRQ0_Handler(void) WEAK_ALIAS;
void IRQ1_Handler(void) WEAK_ALIAS;
void IRQ2_Handler(void) WEAK_ALIAS;
void IRQ3_Handler(void) WEAK_ALIAS;

#define NUM_IRQS 150

__attribute__((section(".isr_vector"), used)) void (*const vector_table[16 + NUM_IRQS])(void) = {
    (void (*)(void))&_estack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    IRQ0_Handler,
    IRQ1_Handler,
    IRQ2_Handler,
    IRQ3_Handler,
    [20 ... 16 + NUM_IRQS - 1] = Default_Handler,
};

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    /* CP10/CP11 full access, as the CMSIS SystemInit does when __FPU_USED. */
    CPACR |= 0xFu << 20;
    dsb_isb();
    test_exit((uint32_t)main());
}

/* An exception without a handler: report its number (IPSR) as the exit status, 0xDEAD0000 | n. */
void Default_Handler(void)
{
    test_exit(0xDEAD0000u | get_ipsr());
}

void test_exit(uint32_t status)
{
    TESTDEV_EXIT = status;
    for (;;) {
        wfi();
    }
}

void test_puts(const char *s)
{
    while (*s) {
        TESTDEV_PUTC = (uint8_t)*s++;
    }
}
